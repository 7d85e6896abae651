/**
 * A wecrm process that dies mid-callback, for tests/integration/callback-crash.test.ts: it starts
 * the real Runtime on the test's database, prints `READY <url>`, and SIGKILLs itself right after
 * the callback inbox takes a row into `processing` — before the handler runs, as `kill -9` would.
 *
 * Run as `node --import tsx tests/helpers/callback-crash-child.ts '<json>'` with
 * `{config: AppConfig, now: ISO-8601, kvPrefix}`.
 */
import type { AppConfig } from '../../config/config.ts';
import { AdjustableClock } from '../../server/infra/clock.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { Runtime } from '../../bot/runtime.ts';

const input = JSON.parse(process.argv[2] ?? '{}') as { config: AppConfig; now: string; kvPrefix: string };
const clock = new AdjustableClock();
clock.set(new Date(input.now));

const runtime = await Runtime.create(input.config, {
  clock,
  logger: createLogger('silent'),
  seedDemo: false,
  h5Root: null,
  kvPrefix: input.kvPrefix,
  inbox: {
    afterTake(id) {
      process.stdout.write(`TAKEN ${id}\n`);
      process.kill(process.pid, 'SIGKILL');
    },
  },
});
const url = await runtime.listen(0, '127.0.0.1');
process.stdout.write(`READY ${url}\n`);
