import { decrypt as wecomDecrypt, encrypt as wecomEncrypt, getSignature as wecomSignature } from '@wecom/crypto';
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CallbackCryptoError,
  decryptMessage,
  encryptMessage,
  parseAesKey,
  signature,
  verifySignature,
  type CallbackCryptoFailureKind,
} from './callback-crypto.ts';

const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const OTHER_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const CORP_ID = 'wwsimtestcorp0001';
const EVENT_XML =
  '<xml><ToUserName><![CDATA[wwsimtestcorp0001]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>' +
  '<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[放弃客户]]></EventKey></xml>';
const FIXED_RANDOM = Buffer.from('0123456789abcdef');

function failureKind(fn: () => unknown): CallbackCryptoFailureKind {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CallbackCryptoError);
    return (err as CallbackCryptoError).kind;
  }
  throw new Error('expected a CallbackCryptoError');
}

/** Encrypts a hand-made plaintext (already a whole number of blocks) with the scheme's key and IV. */
function encryptRaw(plain: Buffer, aesKey = AES_KEY): string {
  const { key, iv } = parseAesKey(aesKey);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function layout(msg: string, receiveId: string, claimedLength?: number): Buffer {
  const body = Buffer.from(msg);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(claimedLength ?? body.length, 0);
  return Buffer.concat([FIXED_RANDOM, len, body, Buffer.from(receiveId)]);
}

describe('callback-crypto signature', () => {
  it('should equal the official library signature when given the same four values', () => {
    expect(signature('QDG6eK', '1409659813', '1372623149', 'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo')).toBe(
      wecomSignature('QDG6eK', '1409659813', '1372623149', 'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo'),
    );
  });

  it('should not depend on the order of the values when they are sorted first', () => {
    expect(signature('b', 'a', 'd', 'c')).toBe(signature('a', 'b', 'c', 'd'));
  });

  it('should accept the right signature and refuse a wrong one when verifying', () => {
    const sig = signature('tok', 1700000000, 'n1', 'ENC');
    expect(verifySignature('tok', '1700000000', 'n1', 'ENC', sig)).toBe(true);
    expect(verifySignature('tok', '1700000000', 'n1', 'ENC', sig.toUpperCase())).toBe(true);
    expect(verifySignature('tok', '1700000001', 'n1', 'ENC', sig)).toBe(false);
    expect(verifySignature('tok', '1700000000', 'n1', 'ENC', 'short')).toBe(false);
  });
});

describe('callback-crypto encryption', () => {
  it('should round-trip the message and the receive id when decrypting its own output', () => {
    const encrypted = encryptMessage(AES_KEY, CORP_ID, EVENT_XML);
    expect(decryptMessage(AES_KEY, encrypted)).toEqual({ xml: EVENT_XML, receiveId: CORP_ID });
  });

  it('should produce what the official library decrypts when encrypting', () => {
    const decrypted = wecomDecrypt(AES_KEY, encryptMessage(AES_KEY, CORP_ID, EVENT_XML));
    expect(decrypted.message).toBe(EVENT_XML);
    expect(decrypted.id).toBe(CORP_ID);
  });

  it('should decrypt what the official library encrypts', () => {
    expect(decryptMessage(AES_KEY, wecomEncrypt(AES_KEY, EVENT_XML, CORP_ID))).toEqual({ xml: EVENT_XML, receiveId: CORP_ID });
  });

  it('should match the official library byte for byte when the random prefix is the same', () => {
    expect(encryptMessage(AES_KEY, CORP_ID, EVENT_XML, FIXED_RANDOM)).toBe(wecomEncrypt(AES_KEY, EVENT_XML, CORP_ID, FIXED_RANDOM));
  });

  it.each([0, 1, 11, 12, 31, 32, 33, 1000])('should pad to whole 32-byte blocks when the message is %i bytes', (size) => {
    const msg = 'x'.repeat(size);
    const bytes = Buffer.from(encryptMessage(AES_KEY, CORP_ID, msg), 'base64');
    expect(bytes.length % 32).toBe(0);
    expect(decryptMessage(AES_KEY, encryptMessage(AES_KEY, CORP_ID, msg)).xml).toBe(msg);
  });
});

describe('callback-crypto strict decryption', () => {
  const valid = encryptMessage(AES_KEY, CORP_ID, EVENT_XML, FIXED_RANDOM);

  it('should throw when the key is not the one used to encrypt', () => {
    expect(['DECRYPT_AES', 'ILLEGAL_BUFFER']).toContain(failureKind(() => decryptMessage(OTHER_KEY, valid)));
  });

  it.each([
    ['one character is cut', valid.slice(0, -1)],
    ['one 4-character group is cut', valid.slice(0, -4)],
    ['a whole 16-byte block is cut', Buffer.from(valid, 'base64').subarray(0, -16).toString('base64')],
    ['it is empty', ''],
    ['it has characters outside base64', `${valid.slice(0, -4)}!!!!`],
    ['it is URL-safe base64', valid.replace(/\+/g, '-').replace(/\//g, '_')],
    ['it has whitespace inside', `${valid.slice(0, 8)} ${valid.slice(9)}`],
  ])('should throw DECODE_BASE64 when the base64 %s', (_label, encrypt) => {
    expect(failureKind(() => decryptMessage(AES_KEY, encrypt))).toBe('DECODE_BASE64');
  });

  it.each([
    ['the pad value is 0', 0, 0],
    ['the pad value is 33', 33, 0],
    ['the pad bytes disagree', 5, 1],
  ])('should throw DECRYPT_AES when %s', (_label, padValue, corrupt) => {
    const core = layout('<xml/>', CORP_ID);
    const padLength = 64 - core.length;
    const padding = Buffer.alloc(padLength, padValue);
    if (corrupt) padding[padLength - 2] = 7;
    expect(failureKind(() => decryptMessage(AES_KEY, encryptRaw(Buffer.concat([core, padding]))))).toBe('DECRYPT_AES');
  });

  it('should throw ILLEGAL_BUFFER when the length field claims more than the buffer holds', () => {
    const core = layout('<xml/>', CORP_ID, 5000);
    const n = 32 - (core.length % 32);
    expect(failureKind(() => decryptMessage(AES_KEY, encryptRaw(Buffer.concat([core, Buffer.alloc(n, n)]))))).toBe('ILLEGAL_BUFFER');
  });

  it('should throw ILLEGAL_BUFFER when the plaintext is shorter than its header', () => {
    expect(failureKind(() => decryptMessage(AES_KEY, encryptRaw(Buffer.concat([Buffer.alloc(16, 1), Buffer.alloc(16, 16)]))))).toBe(
      'ILLEGAL_BUFFER',
    );
  });

  it.each([
    ['it is 42 characters', AES_KEY.slice(0, 42)],
    ['it is 44 characters', `${AES_KEY}A`],
    ['it has a symbol', `${AES_KEY.slice(0, 42)}+`],
  ])('should throw ILLEGAL_AES_KEY when the EncodingAESKey %s', (_label, key) => {
    expect(failureKind(() => decryptMessage(key, valid))).toBe('ILLEGAL_AES_KEY');
    expect(failureKind(() => encryptMessage(key, CORP_ID, EVENT_XML))).toBe('ILLEGAL_AES_KEY');
  });

  it('should carry the WXBizMsgCrypt return code when it throws', () => {
    try {
      decryptMessage(AES_KEY, 'abc');
    } catch (err) {
      expect((err as CallbackCryptoError).wxCode).toBe(-40010);
    }
  });

  it('should never throw anything but CallbackCryptoError when fed random garbage', () => {
    for (let i = 0; i < 300; i++) {
      const garbage = Buffer.from(Array.from({ length: 32 * (1 + (i % 4)) }, (_, j) => (i * 31 + j * 17) % 256)).toString('base64');
      try {
        decryptMessage(AES_KEY, garbage);
      } catch (err) {
        expect(err).toBeInstanceOf(CallbackCryptoError);
      }
    }
  });
});
