import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeCom's callback crypto (WECOM.md §3.5, the official WXBizMsgCrypt scheme), as pure
 * functions shared by the server's `/wecom/callback` endpoint and the simulator that calls it.
 *
 * - msg_signature = sha1 of the lexicographically sorted [token, timestamp, nonce, encrypt].
 * - AES-256-CBC, key = base64(EncodingAESKey + "="), IV = the key's first 16 bytes.
 * - Plaintext = random(16) ‖ msg_len (4 bytes, big-endian) ‖ msg ‖ receiveid, PKCS#7-padded to a
 *   multiple of **32** bytes (pad value 1..32) — a stock 16-byte unpadder rejects valid messages.
 *
 * Decryption is strict: anything that is not exactly what this scheme produces throws a
 * CallbackCryptoError, so hostile bodies end as a 4xx and never as a crash.
 */

/** WeCom's EncodingAESKey: exactly 43 characters from a-z, A-Z, 0-9. */
export const ENCODING_AES_KEY_PATTERN = /^[A-Za-z0-9]{43}$/;

const BLOCK_SIZE = 32;
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;
/** Far above any callback WeCom sends; a bigger claimed length is a forged or corrupt buffer. */
const MAX_CIPHERTEXT_BYTES = 1024 * 1024;
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Failure kinds, each with the return code of the official WXBizMsgCrypt library so logs can
 * be held against WeCom's documentation.
 */
export const CallbackCryptoFailure = {
  /** -40004: the EncodingAESKey is not 43 alphanumerics / does not decode to 32 bytes. */
  ILLEGAL_AES_KEY: -40004,
  /** -40007: the ciphertext does not decrypt to a well-padded plaintext. */
  DECRYPT_AES: -40007,
  /** -40008: the decrypted buffer's layout is impossible (length field out of range). */
  ILLEGAL_BUFFER: -40008,
  /** -40010: the Encrypt field is not canonical base64 of whole AES blocks. */
  DECODE_BASE64: -40010,
} as const;

export type CallbackCryptoFailureKind = keyof typeof CallbackCryptoFailure;

export class CallbackCryptoError extends Error {
  /** The WXBizMsgCrypt return code (-400xx). */
  readonly wxCode: number;

  constructor(
    readonly kind: CallbackCryptoFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'CallbackCryptoError';
    this.wxCode = CallbackCryptoFailure[kind];
  }
}

export interface DecryptedCallback {
  /** The message: the event XML for POST callbacks, the echo string for GET verification. */
  xml: string;
  /** The corp id for self-built apps; callers must compare it with their own. */
  receiveId: string;
}

/** msg_signature over the four values, lower-case hex sha1. */
export function signature(token: string, timestamp: string | number, nonce: string | number, encrypt: string): string {
  const parts = [token, String(timestamp), String(nonce), encrypt].sort();
  return createHash('sha1').update(parts.join('')).digest('hex');
}

/** Constant-time check of a received msg_signature. */
export function verifySignature(
  token: string,
  timestamp: string | number,
  nonce: string | number,
  encrypt: string,
  msgSignature: string,
): boolean {
  const expected = Buffer.from(signature(token, timestamp, nonce, encrypt), 'utf8');
  const given = Buffer.from(msgSignature.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Encrypts `xml` for `receiveId` (the corp id); `random` is for deterministic tests only. */
export function encryptMessage(aesKey: string, receiveId: string, xml: string, random: Buffer = randomBytes(RANDOM_BYTES)): string {
  if (random.length !== RANDOM_BYTES) throw new RangeError(`random must be ${RANDOM_BYTES} bytes`);
  const { key, iv } = parseAesKey(aesKey);
  const msg = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(msg.length, 0);
  const plain = pad(Buffer.concat([random, length, msg, Buffer.from(receiveId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** Decrypts an Encrypt field (or a GET echostr, already URL-decoded). Throws CallbackCryptoError. */
export function decryptMessage(aesKey: string, encrypt: string): DecryptedCallback {
  const { key, iv } = parseAesKey(aesKey);
  const cipherBytes = decodeCiphertext(encrypt);

  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(cipherBytes), decipher.final()]);
  } catch {
    throw new CallbackCryptoError('DECRYPT_AES', 'AES decryption failed');
  }

  const unpadded = unpad(plain);
  if (unpadded.length < RANDOM_BYTES + LENGTH_BYTES) {
    throw new CallbackCryptoError('ILLEGAL_BUFFER', 'decrypted buffer shorter than its header');
  }
  const msgLength = unpadded.readUInt32BE(RANDOM_BYTES);
  const msgStart = RANDOM_BYTES + LENGTH_BYTES;
  if (msgLength > unpadded.length - msgStart) {
    throw new CallbackCryptoError('ILLEGAL_BUFFER', 'message length field exceeds the buffer');
  }
  return {
    xml: unpadded.subarray(msgStart, msgStart + msgLength).toString('utf8'),
    receiveId: unpadded.subarray(msgStart + msgLength).toString('utf8'),
  };
}

/** The AES key and IV behind an EncodingAESKey. */
export function parseAesKey(aesKey: string): { key: Buffer; iv: Buffer } {
  if (!ENCODING_AES_KEY_PATTERN.test(aesKey)) {
    throw new CallbackCryptoError('ILLEGAL_AES_KEY', 'EncodingAESKey must be 43 letters or digits');
  }
  const key = Buffer.from(`${aesKey}=`, 'base64');
  if (key.length !== 32) throw new CallbackCryptoError('ILLEGAL_AES_KEY', 'EncodingAESKey does not decode to 32 bytes');
  return { key, iv: key.subarray(0, 16) };
}

function decodeCiphertext(encrypt: string): Buffer {
  // Node's base64 decoder skips junk and accepts truncation; WeCom's Encrypt is canonical base64.
  if (encrypt.length === 0 || encrypt.length % 4 !== 0 || !STRICT_BASE64.test(encrypt)) {
    throw new CallbackCryptoError('DECODE_BASE64', 'Encrypt is not canonical base64');
  }
  if ((encrypt.length / 4) * 3 > MAX_CIPHERTEXT_BYTES + 2) {
    throw new CallbackCryptoError('DECODE_BASE64', 'Encrypt is too large');
  }
  const bytes = Buffer.from(encrypt, 'base64');
  // Padding to 32 bytes makes every valid ciphertext a whole number of 32-byte blocks.
  if (bytes.length === 0 || bytes.length % BLOCK_SIZE !== 0) {
    throw new CallbackCryptoError('DECODE_BASE64', 'Encrypt is not a whole number of 32-byte blocks (truncated?)');
  }
  return bytes;
}

function pad(data: Buffer): Buffer {
  const n = BLOCK_SIZE - (data.length % BLOCK_SIZE);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function unpad(data: Buffer): Buffer {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > BLOCK_SIZE || n > data.length) {
    throw new CallbackCryptoError('DECRYPT_AES', `bad padding value ${n}`);
  }
  for (let i = data.length - n; i < data.length; i++) {
    if (data[i] !== n) throw new CallbackCryptoError('DECRYPT_AES', 'inconsistent padding bytes');
  }
  return data.subarray(0, data.length - n);
}
