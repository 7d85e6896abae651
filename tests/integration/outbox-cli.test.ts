import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

describe('wecrm outbox list|retry', () => {
  let app: TestApp;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    app = await startTestApp({ fixtures: false });
    const db = app.database.config;
    env = { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: db.kind === 'sqlite' ? `sqlite:${db.path}` : db.url };
    await app.runtime.db.manager.query(
      `INSERT INTO outbox_messages (dedupe_key, kind, to_user, customer_id, payload, status, attempts, due_at, created_at, urgent, last_error)
       VALUES ('cli:1', 'reclaimed', 'zhangsan', NULL, '{}', 'failed', 8, '2026-03-02 00:00:00.000', '2026-03-02 00:00:00.000', 0, 'errcode -1: system busy'),
              ('cli:2', 'reclaimed', 'lisi', NULL, '{}', 'sent', 1, '2026-03-02 00:00:00.000', '2026-03-02 00:00:00.000', 0, NULL)`,
    );
  });
  afterAll(async () => { await app?.close(); });

  it('should list failed messages with their reason and queue them again on retry', async () => {
    const cli = (...args: string[]) => run('node', [join(ROOT, 'bin', 'wecrm.mjs'), 'outbox', ...args], { env, cwd: ROOT });
    const listed = await cli('list', '--status', 'failed');
    expect(listed.stdout).toContain('failed\treclaimed\tzhangsan');
    expect(listed.stdout).toContain('errcode -1');
    expect(listed.stdout).not.toContain('lisi');
    const [{ id }] = await app.runtime.db.manager.query("SELECT id FROM outbox_messages WHERE dedupe_key = 'cli:1'");
    const retried = await cli('retry', String(id));
    expect(retried.stdout).toContain('1 message(s) queued again');
    const [row] = await app.runtime.db.manager.query("SELECT status, attempts, last_error FROM outbox_messages WHERE dedupe_key = 'cli:1'");
    expect(row).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
    const bad = await cli('retry').catch((e) => e);
    expect(bad.code).toBe(1);
  }, 120_000); // three CLI processes, each compiling the TypeScript sources at start
});
