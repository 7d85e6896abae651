import Router from '@koa/router';
import type { Context } from 'koa';
import type { Clock } from '../../server/infra/clock.ts';
import type { Logger } from '../../server/infra/logger.ts';
import { CallbackCryptoError, decryptMessage, verifySignature } from '../wecom/callback-crypto.ts';
import { callbackDedupeKey, parseCallbackXml } from './callback-envelope.ts';
import type { CallbackInbox } from './callback-inbox.ts';

const MAX_BODY_BYTES = 64 * 1024;
const MAX_SKEW_S = 5 * 60;

export interface CallbackRouteOptions {
  /** Default /wecom/callback (the app's); a second callback (the contacts-sync assistant) has its own path and keys. */
  path?: string;
  token: string;
  aesKey: string;
  corpId: string;
  clock: Clock;
  inbox: CallbackInbox;
  logger: Logger;
}

class Rejected extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/**
 * `/wecom/callback` (WECOM.md §3): GET verifies the URL, POST receives events. Both check the
 * signature, the timestamp (±5 minutes of the Clock) and that the receive id is our corp;
 * a valid POST is stored once (dedupe) and answered 200 at once — processing happens after.
 */
export function callbackRoutes(o: CallbackRouteOptions): Router {
  const router = new Router();
  const path = o.path ?? '/wecom/callback';

  router.get(path, (ctx) => {
    try {
      const { timestamp, nonce, signature } = commonParams(ctx, o.clock);
      const echostr = param(ctx, 'echostr');
      if (!verifySignature(o.token, timestamp, nonce, echostr, signature)) throw new Rejected(401, 'SIGNATURE_INVALID', '签名校验失败');
      const { xml, receiveId } = decrypt(o.aesKey, echostr);
      if (receiveId !== o.corpId) throw new Rejected(401, 'CORP_MISMATCH', 'receiveid 与企业 ID 不符');
      ctx.status = 200;
      ctx.type = 'text/plain';
      ctx.body = xml; // the plaintext only: no quotes, no newline
    } catch (err) {
      answerRejection(ctx, err, o.logger);
    }
  });

  router.post(path, async (ctx) => {
    try {
      const { timestamp, nonce, signature } = commonParams(ctx, o.clock);
      const raw = await readBody(ctx);
      const envelope = parseCallbackXml(raw);
      const encrypt = envelope?.Encrypt;
      if (!envelope || typeof encrypt !== 'string' || !encrypt) throw new Rejected(400, 'XML_INVALID', '回调报文格式不正确');
      if (!verifySignature(o.token, timestamp, nonce, encrypt, signature)) throw new Rejected(401, 'SIGNATURE_INVALID', '签名校验失败');
      const { xml, receiveId } = decrypt(o.aesKey, encrypt);
      if (receiveId !== o.corpId) throw new Rejected(401, 'CORP_MISMATCH', 'receiveid 与企业 ID 不符');
      const message = parseCallbackXml(xml);
      if (!message) throw new Rejected(401, 'MESSAGE_INVALID', '解密后的消息格式不正确');
      await o.inbox.accept(callbackDedupeKey(message), message);
      ctx.status = 200;
      ctx.type = 'text/plain';
      ctx.body = '';
    } catch (err) {
      answerRejection(ctx, err, o.logger);
    }
  });

  return router;
}

function param(ctx: Context, name: string): string {
  const v = ctx.query[name];
  if (typeof v !== 'string' || !v || v.length > 4096) throw new Rejected(401, 'PARAM_MISSING', `缺少参数 ${name}`);
  // Some proxies turn a raw "+" of base64 into a space: restore it.
  return v.replace(/ /g, '+');
}

function commonParams(ctx: Context, clock: Clock): { timestamp: string; nonce: string; signature: string } {
  const signature = param(ctx, 'msg_signature');
  const timestamp = param(ctx, 'timestamp');
  const nonce = param(ctx, 'nonce');
  if (!/^\d{1,12}$/.test(timestamp)) throw new Rejected(401, 'TIMESTAMP_INVALID', 'timestamp 不合法');
  const skew = Math.abs(Math.floor(clock.now().getTime() / 1000) - Number(timestamp));
  if (skew > MAX_SKEW_S) throw new Rejected(401, 'TIMESTAMP_EXPIRED', 'timestamp 超出允许范围（±5 分钟）');
  return { timestamp, nonce, signature };
}

function decrypt(aesKey: string, encrypt: string) {
  try {
    return decryptMessage(aesKey, encrypt);
  } catch (err) {
    if (err instanceof CallbackCryptoError) throw new Rejected(401, 'DECRYPT_FAILED', `解密失败（${err.wxCode}）`);
    throw err;
  }
}

async function readBody(ctx: Context): Promise<string> {
  if (Number(ctx.get('content-length') || 0) > MAX_BODY_BYTES) throw new Rejected(413, 'PAYLOAD_TOO_LARGE', '请求体过大');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Rejected(413, 'PAYLOAD_TOO_LARGE', '请求体过大');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function answerRejection(ctx: Context, err: unknown, logger: Logger): void {
  if (!(err instanceof Rejected)) throw err;
  logger.warn({ code: err.code, requestId: ctx.state.requestId }, 'wecom callback rejected');
  ctx.status = err.status;
  ctx.body = { error: { code: err.code, message: err.message } };
}
