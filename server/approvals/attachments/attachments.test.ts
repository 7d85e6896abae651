import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryFileStore } from './file-store.ts';
import { sniffImage } from './image-type.ts';
import { signFileLink, verifyFileLink } from './signed-links.ts';

const SECRET = 's'.repeat(64);
const NOW = new Date('2026-03-02T02:00:00Z');

describe('signed file links', () => {
  const link = signFileLink(SECRET, 42, NOW);
  const { exp, sig } = Object.fromEntries(new URL(`http://x${link}`).searchParams) as { exp: string; sig: string };

  it('should accept its own link until it expires', () => {
    expect(link).toMatch(/^\/api\/approval-files\/42\?exp=\d+&sig=/);
    expect(verifyFileLink(SECRET, 42, exp, sig, NOW)).toBe(true);
    expect(verifyFileLink(SECRET, 42, exp, sig, new Date(NOW.getTime() + 61 * 60_000))).toBe(false);
  });

  it.each([
    ['another file', 43, exp, sig, SECRET],
    ['a later expiry', 42, String(Number(exp) + 3600), sig, SECRET],
    ['another secret', 42, exp, sig, 't'.repeat(64)],
    ['a forged signature', 42, exp, 'x'.repeat(43), SECRET],
    ['no expiry', 42, undefined, sig, SECRET],
    ['an array parameter', 42, [exp], sig, SECRET],
  ])('should refuse %s', (_case, id, e, s, secret) => {
    expect(verifyFileLink(secret, id as number, e, s, NOW)).toBe(false);
  });
});

describe('sniffImage', () => {
  it.each([
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'image/jpeg'],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'image/png'],
    ['WebP', Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 0, 0, 0]), Buffer.from('WEBPVP8 ')]), 'image/webp'],
    ['GIF', Buffer.from('GIF89a'), null],
    ['a script named .png', Buffer.from('<script>'), null],
    ['nothing', Buffer.alloc(0), null],
  ])('should tell %s', (_case, data, type) => {
    expect(sniffImage(data)?.contentType ?? null).toBe(type);
  });
});

describe('DirectoryFileStore', () => {
  let root: string;
  afterAll(async () => { if (root) await rm(root, { recursive: true, force: true }); });

  it('should write and read back files under its folder and refuse keys that leave it', async () => {
    root = await mkdtemp(join(tmpdir(), 'wecrm-files-'));
    const store = new DirectoryFileStore(root);
    await store.put('approvals/2026-03/abc.png', Buffer.from('x'));
    expect((await store.get('approvals/2026-03/abc.png'))?.toString()).toBe('x');
    expect(await store.get('approvals/2026-03/missing.png')).toBeNull();
    await expect(store.put('../escape.png', Buffer.from('x'))).rejects.toThrow();
    await expect(store.get('/etc/passwd.txt')).rejects.toThrow();
  });
});
