import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { AdjustableClock, FixedClock } from '../../../server/infra/clock.ts';
import { createSimulator } from '../simulator.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { sampleDirectory } from './sample-directory.ts';

export const TEST_CORP = { corpId: 'wwsimtestcorp0001', agentId: 1000002, secret: 'test-secret-0123456789abcdefghijklmnopqrstu' } as const;
/** The app's callback Token and EncodingAESKey in specs. */
export const TEST_CALLBACK = { token: 'simTestToken2025', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' } as const;

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:53211/sim — what WecomClient's baseUrl returns. */
  baseUrl: string;
  origin: string;
  state: SimulatorState;
  clock: AdjustableClock;
  close(): Promise<void>;
}

/**
 * The simulator on a real socket (127.0.0.1, random port) in a bare Koa app, for specs that
 * want real HTTP. The clock starts at a fixed instant so expiry tests are exact.
 */
export async function startSimulatorServer(
  opts: {
    random?: () => number;
    start?: Date;
    withDirectory?: boolean;
    /** Where card clicks are called back; by default a closed port (clicks answer 502). */
    callbackUrl?: () => string;
  } = {},
): Promise<RunningSimulator> {
  const clock = new AdjustableClock(new FixedClock(opts.start ?? new Date('2025-03-03T01:00:00.000Z')));
  const sim = createSimulator({
    wecom: TEST_CORP,
    clock,
    random: opts.random,
    callback: { ...TEST_CALLBACK, url: opts.callbackUrl ?? (() => 'http://127.0.0.1:9/wecom/callback') },
  });
  if (opts.withDirectory !== false) sim.state.setDirectory(sampleDirectory());

  const app = new Koa();
  app.use(sim.router.routes());
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/sim`,
    origin,
    state: sim.state,
    clock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
