/**
 * Field limits of WeCom template cards (WECOM.md §2.2, official path/90236 and path/94888).
 *
 * `chars` limits are the official "建议不超过 N 个字"; WeCom truncates or rejects beyond them
 * depending on client and field, so wecrm treats every one as hard. They are measured in UTF-16
 * code units (see text.ts) so text that fits here fits whether WeCom counts code points or
 * UTF-16 units. `bytes` limits are UTF-8 bytes and are hard limits on WeCom's side.
 */
export const CARD_LIMITS = {
  cardTypes: ['text_notice', 'news_notice', 'button_interaction', 'vote_interaction', 'multiple_interaction'],
  source: { descChars: 20, descColors: [0, 1, 2, 3] },
  actionMenu: { minItems: 1, maxItems: 3, keyBytes: 1024 },
  taskId: { maxBytes: 128, pattern: /^[A-Za-z0-9_@-]{1,128}$/ },
  mainTitle: { titleChars: 36, descChars: 44 },
  /** vote_interaction / multiple_interaction title rules differ (path/94888). */
  voteMainTitle: { titleChars: 16, descChars: 160 },
  multipleMainTitle: { titleChars: 36, descChars: 160 },
  emphasisContent: { titleChars: 14, descChars: 22 },
  subTitleText: { chars: 160 },
  quoteArea: { types: [0, 1, 2] },
  horizontalContent: { maxItems: 6, keynameChars: 5, valueChars: 30, types: [0, 1, 2, 3] },
  jumpList: { maxItems: 3, titleChars: 18, types: [0, 1, 2] },
  cardAction: { types: [0, 1, 2] },
  verticalContent: { maxItems: 4, titleChars: 38, descChars: 160 },
  cardImage: { minAspectRatioExclusive: 1.3, maxAspectRatioExclusive: 2.25 },
  buttonSelection: { questionKeyBytes: 1024, minOptions: 1, maxOptions: 10, optionIdBytes: 128, optionTextChars: 16 },
  checkbox: { questionKeyBytes: 1024, minOptions: 1, maxOptions: 20, optionIdBytes: 128, optionTextChars: 17, modes: [0, 1] },
  selectList: { minItems: 1, maxItems: 3, questionKeyBytes: 1024, minOptions: 1, maxOptions: 10, optionIdBytes: 128, optionTextChars: 16 },
  submitButton: { textChars: 10, keyBytes: 1024 },
  buttonList: { minItems: 1, maxItems: 6, textChars: 10, keyBytes: 1024, styles: [1, 2, 3, 4], types: [0, 1] },
  /**
   * URLs: the limit below is textcard's (`url` ≤ 2048 bytes, must be http/https); the template
   * card pages state none, so it is borrowed defensively (UNCONFIRMED for template_card).
   */
  url: { maxBytes: 2048, pattern: /^https?:\/\/\S+$/i },
} as const;
