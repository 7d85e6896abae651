import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DatabaseConfig } from '../../config/config.ts';

/**
 * A throwaway database for one test file: a fresh SQLite file, or — when DATABASE_URL
 * points at MySQL/MariaDB — a fresh database on that server, dropped afterwards.
 */
export interface TestDatabase {
  config: DatabaseConfig;
  label: 'sqlite' | 'mariadb';
  drop(): Promise<void>;
}

export function testBackendLabel(): 'sqlite' | 'mariadb' {
  return process.env.DATABASE_URL?.startsWith('mysql') ? 'mariadb' : 'sqlite';
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (url?.startsWith('mysql')) {
    const name = `wecrm_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const server = new URL(url);
    server.pathname = '/';
    const conn = await createConnection(server.toString());
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    return {
      config: { kind: 'mysql', url: dbUrl.toString() },
      label: 'mariadb',
      async drop() {
        const c = await createConnection(server.toString());
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'wecrm-test-'));
  return {
    config: { kind: 'sqlite', path: join(dir, 'test.sqlite') },
    label: 'sqlite',
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
