import type { ExternalEvent } from '../state/external-contacts.ts';

/**
 * The XML WeCom posts to an app's callback URL (WECOM.md §3.3, §3.6), built as WeCom writes
 * it: text fields in CDATA, numbers bare.
 */

export interface TemplateCardEventFacts {
  corpId: string;
  fromUser: string;
  /** Seconds since the epoch, by the simulator clock. */
  createTime: number;
  event: 'template_card_event' | 'template_card_menu_event';
  eventKey: string;
  taskId: string;
  cardType: string;
  responseCode: string;
  agentId: number;
  /** Only template_card_event carries SelectedItems, and only for cards with selections. */
  selectedItems?: Array<{ questionKey: string; optionIds: string[] }>;
}

/** The decrypted event, i.e. what goes inside Encrypt. */
export function templateCardEventXml(f: TemplateCardEventFacts): string {
  const selected =
    f.event === 'template_card_event' && f.selectedItems?.length
      ? `<SelectedItems>${f.selectedItems
          .map(
            (item) =>
              `<SelectedItem><QuestionKey>${cdata(item.questionKey)}</QuestionKey><OptionIds>${item.optionIds
                .map((id) => `<OptionId>${cdata(id)}</OptionId>`)
                .join('')}</OptionIds></SelectedItem>`,
          )
          .join('')}</SelectedItems>`
      : '';
  return (
    `<xml><ToUserName>${cdata(f.corpId)}</ToUserName><FromUserName>${cdata(f.fromUser)}</FromUserName>` +
    `<CreateTime>${f.createTime}</CreateTime><MsgType>${cdata('event')}</MsgType>` +
    `<Event>${cdata(f.event)}</Event><EventKey>${cdata(f.eventKey)}</EventKey>` +
    `<TaskId>${cdata(f.taskId)}</TaskId><CardType>${cdata(f.cardType)}</CardType>` +
    `<ResponseCode>${cdata(f.responseCode)}</ResponseCode><AgentID>${f.agentId}</AgentID>${selected}</xml>`
  );
}

/** A change_external_contact / change_external_chat / change_contact event (WECOM.md §3.6, §12). */
export function externalEventXml(corpId: string, createTime: number, e: ExternalEvent): string {
  const head = `<xml><ToUserName>${cdata(corpId)}</ToUserName><FromUserName>${cdata('sys')}</FromUserName>`
    + `<CreateTime>${createTime}</CreateTime><MsgType>${cdata('event')}</MsgType><Event>${cdata(e.event)}</Event>`;
  if (e.event === 'change_contact') {
    return `${head}<ChangeType>${cdata(e.changeType)}</ChangeType><UserID>${cdata(e.userid)}</UserID></xml>`;
  }
  if (e.event === 'change_external_chat') {
    return `${head}<ChatId>${cdata(e.chatId)}</ChatId><ChangeType>${cdata(e.changeType)}</ChangeType>`
      + (e.updateDetail ? `<UpdateDetail>${cdata(e.updateDetail)}</UpdateDetail>` : '')
      + (e.joinScene !== undefined ? `<JoinScene>${e.joinScene}</JoinScene>` : '')
      + (e.quitScene !== undefined ? `<QuitScene>${e.quitScene}</QuitScene>` : '')
      + (e.memChangeList ? `<MemChangeCnt>${e.memChangeList.length}</MemChangeCnt><MemChangeList>${e.memChangeList.map((m) => `<Item>${cdata(m)}</Item>`).join('')}</MemChangeList>` : '')
      + '</xml>';
  }
  let tail = '';
  if (e.changeType === 'transfer_fail') tail = `<FailReason>${cdata(e.failReason)}</FailReason>`;
  else {
    if (e.source !== undefined) tail += `<Source>${cdata(e.source)}</Source>`;
    if (e.state !== undefined) tail += `<State>${cdata(e.state)}</State>`;
    if (e.welcomeCode !== undefined) tail += `<WelcomeCode>${cdata(e.welcomeCode)}</WelcomeCode>`;
  }
  return `${head}<ChangeType>${cdata(e.changeType)}</ChangeType><UserID>${cdata(e.userid)}</UserID>`
    + `<ExternalUserID>${cdata(e.externalUserid)}</ExternalUserID>${tail}</xml>`;
}

/** The POST body: the encrypted event in WeCom's envelope. */
export function encryptedEnvelopeXml(corpId: string, agentId: number, encrypt: string): string {
  return `<xml><ToUserName>${cdata(corpId)}</ToUserName><AgentID>${cdata(String(agentId))}</AgentID><Encrypt>${cdata(encrypt)}</Encrypt></xml>`;
}

/** CDATA that survives a "]]>" inside the text (split across two sections). */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}
