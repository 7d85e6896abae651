import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from '../../../server/infra/clock.ts';
import { encryptMessage, parseAesKey, signature } from '../../wecom/callback-crypto.ts';
import { SimulatorError } from '../simulator-errors.ts';
import { encryptedEnvelopeXml } from './callback-xml.ts';

/** The app's callback configuration, as entered in the WeCom admin console. */
export interface CallbackSettings {
  /** Token (letters/digits, ≤ 32). */
  token: string;
  /** EncodingAESKey (43 alphanumerics). */
  aesKey: string;
  /** The app's callback URL; a function because the server's port is known only after listen(). */
  url: () => string;
}

export interface CallbackDelivery {
  /** The HTTP status the server answered. */
  status: number;
  /** 1 unless connection failures or timeouts made WeCom try again. */
  attempts: number;
  body: string;
}

export interface CallbackSenderOptions {
  settings: CallbackSettings;
  corpId: string;
  agentId: number;
  clock: Clock;
  fetchImpl?: typeof fetch;
  /** WeCom gives up on an answer after 5 s. */
  timeoutMs?: number;
  /** WeCom tries 3 times in total, and only when there was no HTTP answer. */
  attempts?: number;
}

/**
 * Sends callbacks to the server exactly as WeCom does: the event XML encrypted with the
 * EncodingAESKey for the corp id, signed with the Token, timestamp by the simulator clock,
 * POSTed as the `<xml><ToUserName/><AgentID/><Encrypt/></xml>` envelope. Any HTTP status counts
 * as an answer (WeCom retries only on connection failure or timeout).
 */
export class CallbackSender {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: CallbackSenderOptions) {
    parseAesKey(opts.settings.aesKey); // a wrong key fails at boot, not at the first click
    this.fetchImpl = opts.fetchImpl ?? globalThis.fetch;
  }

  /** POSTs one decrypted event XML. Throws CALLBACK_UNREACHABLE when no attempt got an answer. */
  async post(eventXml: string): Promise<CallbackDelivery> {
    const { settings, corpId, agentId } = this.opts;
    const encrypt = encryptMessage(settings.aesKey, corpId, eventXml);
    const url = this.signedUrl(encrypt);
    return this.attempt(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: encryptedEnvelopeXml(corpId, agentId, encrypt),
    });
  }

  /**
   * The URL check WeCom makes when the callback is configured: GET with an encrypted echostr;
   * the server must answer exactly the decrypted string.
   */
  async verifyUrl(): Promise<CallbackDelivery & { verified: boolean }> {
    const echo = randomBytes(12).toString('hex');
    const echostr = encryptMessage(this.opts.settings.aesKey, this.opts.corpId, echo);
    const url = this.signedUrl(echostr);
    url.searchParams.set('echostr', echostr);
    const delivery = await this.attempt(url, { method: 'GET' });
    return { ...delivery, verified: delivery.status === 200 && delivery.body === echo };
  }

  private signedUrl(encrypt: string): URL {
    const timestamp = String(Math.floor(this.opts.clock.now().getTime() / 1000));
    const nonce = String(randomInt(1_000_000_000, 9_999_999_999));
    const url = new URL(this.opts.settings.url());
    url.searchParams.set('msg_signature', signature(this.opts.settings.token, timestamp, nonce, encrypt));
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('nonce', nonce);
    return url;
  }

  private async attempt(url: URL, init: RequestInit): Promise<CallbackDelivery> {
    const attempts = this.opts.attempts ?? 3;
    let lastError = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let res: Response;
      try {
        res = await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5_000) });
      } catch (err) {
        lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        continue;
      }
      // An answer was given: WeCom does not retry, whatever the status or a broken body.
      const body = await res.text().catch(() => '');
      return { status: res.status, attempts: attempt, body };
    }
    throw new SimulatorError('CALLBACK_UNREACHABLE', `回调地址 ${url.origin}${url.pathname} 无响应（已尝试 ${attempts} 次）`, {
      url: `${url.origin}${url.pathname}`,
      attempts,
      reason: lastError,
    });
  }
}
