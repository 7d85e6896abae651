import { randomBytes } from 'node:crypto';
import type { Clock } from '../infra/clock.ts';
import { jssdkSignature, signableUrl } from './rules/jssdk-signature.ts';
import type { JsapiTicketCache } from './jsapi-tickets.ts';

export interface JssdkConfig {
  corpId: string;
  agentId: number;
  timestamp: number;
  nonceStr: string;
  /** Corp identity (ww.register getConfigSignature). */
  signature: string;
  /** App identity (getAgentConfigSignature): getCurExternalContact, getCurExternalChat, sendChatMessage. */
  agentSignature: string;
}

/** `GET /api/wecom/jssdk-config?url=`: both JS-SDK signatures for one page URL. */
export class JssdkService {
  constructor(
    private readonly tickets: JsapiTicketCache,
    private readonly clock: Clock,
    private readonly corp: { corpId: string; agentId: number },
  ) {}

  async config(url: string): Promise<JssdkConfig> {
    const [corpTicket, agentTicket] = await Promise.all([this.tickets.get('corp'), this.tickets.get('agent')]);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const nonceStr = randomBytes(12).toString('base64url');
    const page = signableUrl(url);
    return {
      corpId: this.corp.corpId,
      agentId: this.corp.agentId,
      timestamp,
      nonceStr,
      signature: jssdkSignature({ ticket: corpTicket, nonceStr, timestamp, url: page }),
      agentSignature: jssdkSignature({ ticket: agentTicket, nonceStr, timestamp, url: page }),
    };
  }
}
