/** Pieces every builder uses, each already cut to its WeCom limit. */
import { CARD_LIMITS } from './card-limits.ts';
import type { CardHorizontalContent, CardJump, CardSource, TemplateCard, TemplateCardMessage } from './template-card.types.ts';
import { cleanOr, fitText } from './text.ts';

export const CUSTOMER_NAME_FALLBACK = '未命名客户';

/** A customer name, one line, never empty (not yet cut: callers fit it into their sentence). */
export const customerNameOf = (name: string | null | undefined): string => cleanOr(name, CUSTOMER_NAME_FALLBACK);

export function source(desc: string, color: CardSource['desc_color'] = 0): CardSource {
  return { desc: fitText(desc, CARD_LIMITS.source.descChars), desc_color: color };
}

/** A key-value row; with `url` the value is a link (type 1). */
export function row(keyname: string, value: string, url?: string): CardHorizontalContent {
  const item: CardHorizontalContent = {
    keyname: fitText(keyname, CARD_LIMITS.horizontalContent.keynameChars),
    value: fitText(value, CARD_LIMITS.horizontalContent.valueChars, '—'),
  };
  return url ? { type: 1, ...item, url } : item;
}

export function jump(title: string, url: string): CardJump {
  return { type: 1, title: fitText(title, CARD_LIMITS.jumpList.titleChars), url };
}

/** Optional sub_title_text: absent rather than empty. */
export function subTitle(text: string | null | undefined): { sub_title_text?: string } {
  const fitted = fitText(text, CARD_LIMITS.subTitleText.chars);
  return fitted ? { sub_title_text: fitted } : {};
}

export function message(card: TemplateCard): TemplateCardMessage {
  return { msgtype: 'template_card', template_card: card };
}
