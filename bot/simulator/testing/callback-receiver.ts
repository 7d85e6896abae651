import { decrypt, getSignature } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One callback as the receiver saw it, checked with the official @wecom/crypto library. */
export interface ReceivedCallback {
  method: string;
  query: Record<string, string>;
  contentType: string | undefined;
  envelope: Record<string, unknown>;
  signatureValid: boolean;
  /** Decrypted with @wecom/crypto. */
  receiveId: string;
  xml: string;
  event: Record<string, unknown>;
}

export interface CallbackReceiver {
  url: string;
  received: ReceivedCallback[];
  /** Status for the next answers (default 200). */
  respondWith(status: number): void;
  /** Runs after each POST is recorded, before the answer (e.g. to call update_template_card). */
  onEvent(handler: ((cb: ReceivedCallback) => Promise<void> | void) | null): void;
  close(): Promise<void>;
}

const parser = new XMLParser({ parseTagValue: false, trimValues: false });

/**
 * A minimal stand-in for the server's `/wecom/callback`, for simulator specs: verifies the
 * signature and decrypts with the official library, so the simulator is checked against
 * WeCom's own reference code rather than against itself.
 */
export async function startCallbackReceiver(opts: { token: string; aesKey: string }): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  let status = 200;
  let handler: ((cb: ReceivedCallback) => Promise<void> | void) | null = null;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://receiver');
      const query = Object.fromEntries(url.searchParams);
      const body = await readBody(req);
      const encrypt = req.method === 'GET' ? (query.echostr ?? '') : String((parser.parse(body).xml ?? {}).Encrypt ?? '');
      const envelope = req.method === 'GET' ? {} : ((parser.parse(body).xml ?? {}) as Record<string, unknown>);
      const signatureValid = getSignature(opts.token, query.timestamp ?? '', query.nonce ?? '', encrypt) === query.msg_signature;
      const { message, id } = decrypt(opts.aesKey, encrypt);
      const cb: ReceivedCallback = {
        method: req.method ?? '',
        query,
        contentType: req.headers['content-type'],
        envelope,
        signatureValid,
        receiveId: id,
        xml: message,
        event: req.method === 'GET' ? {} : ((parser.parse(message).xml ?? {}) as Record<string, unknown>),
      };
      received.push(cb);
      if (req.method === 'GET') {
        res.writeHead(status, { 'content-type': 'text/plain' }).end(message);
        return;
      }
      await handler?.(cb);
      res.writeHead(status).end('');
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/wecom/callback`,
    received,
    respondWith: (s) => {
      status = s;
    },
    onEvent: (h) => {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
