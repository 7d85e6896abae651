import { createConnection } from 'mysql2/promise';
import { serverUrl } from './snapshot.ts';

/**
 * Sets dynamic InnoDB sizes (buffer pool, redo log) for a benchmark run and puts them back
 * afterwards; waits for a buffer pool resize to finish.
 */
export async function withServerSettings<T>(dbUrl: string, settings: Array<[string, number]>, log: (line: string) => void, fn: () => Promise<T>): Promise<T> {
  const previous: Array<[string, number]> = [];
  try {
    for (const [name, bytes] of settings) {
      previous.push([name, await setServerSize(dbUrl, name, bytes)]);
      log(`server: ${name} ${previous.at(-1)![1] / 1048576} MB → ${bytes / 1048576} MB for this run`);
    }
    return await fn();
  } finally {
    for (const [name, bytes] of previous.reverse()) {
      await setServerSize(dbUrl, name, bytes);
      log(`server: ${name} restored to ${bytes / 1048576} MB`);
    }
  }
}

async function setServerSize(dbUrl: string, name: string, bytes: number): Promise<number> {
  const conn = await createConnection(serverUrl(dbUrl));
  try {
    const [rows] = await conn.query(`SELECT @@${name} AS v`);
    const previous = Number((rows as Array<{ v: number | string }>)[0]!.v);
    if (previous === bytes) return previous;
    await conn.query(`SET GLOBAL ${name} = ${Math.floor(bytes)}`);
    for (let i = 0; i < 600; i++) {
      const [st] = await conn.query("SHOW STATUS LIKE 'Innodb_buffer_pool_resize_status'");
      const text = String((st as Array<{ Value: string }>)[0]?.Value ?? '');
      if (!text || /complete|finished/i.test(text)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return previous;
  } finally {
    await conn.end();
  }
}
