import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/config.ts';
import { ENTITIES, MIGRATIONS } from './index.ts';

/** Builds (does not connect) the DataSource for either database. Schema changes only through migrations. */
export function createDataSource(db: DatabaseConfig): DataSource {
  if (db.kind === 'sqlite') {
    if (db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
    return new DataSource({
      type: 'better-sqlite3',
      database: db.path,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsRun: false,
      synchronize: false,
      // WAL lets readers proceed while the single writer commits.
      enableWAL: db.path !== ':memory:',
      prepareDatabase: (sqlite: { pragma: (s: string) => unknown }) => {
        sqlite.pragma('busy_timeout = 5000');
        sqlite.pragma('foreign_keys = ON');
      },
    });
  }
  return new DataSource({
    type: 'mysql',
    url: db.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    charset: 'utf8mb4',
    timezone: 'Z',
    // Money and ids never go through JS floats.
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: false,
    extra: { connectionLimit: 20, decimalNumbers: false },
  });
}

/** Applies pending migrations; returns their names. */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const applied = await ds.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
