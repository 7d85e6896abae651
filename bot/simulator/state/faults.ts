import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';

export interface FaultSettings {
  /** Share of calls answered with `errcode`, 0..1. */
  failRate: number;
  /** The errcode of a failed call; -1 ("system busy") unless told. */
  errcode: number;
  /** Added to every call's answer, failing or not. */
  latencyMs: number;
  /** Only these endpoints (paths relative to /cgi-bin); all of them when absent. */
  paths?: string[];
}

export const NO_FAULTS: FaultSettings = { failRate: 0, errcode: WecomErrcode.SYSTEM_BUSY, latencyMs: 0 };

/**
 * Makes the fake API fail or slow down, for reliability tests. Each `set` replaces the whole
 * setting, so `{failRate: 0}` restores a healthy API.
 */
export class FaultInjector {
  private current: FaultSettings = NO_FAULTS;

  constructor(private readonly random: () => number = Math.random) {}

  set(settings: { failRate: number; errcode?: number; latencyMs?: number; paths?: string[] }): FaultSettings {
    this.current = {
      failRate: settings.failRate,
      errcode: settings.errcode ?? WecomErrcode.SYSTEM_BUSY,
      latencyMs: settings.latencyMs ?? 0,
      ...(settings.paths ? { paths: settings.paths.map(normalizeCgiPath) } : {}),
    };
    return this.settings();
  }

  settings(): FaultSettings {
    return { ...this.current, ...(this.current.paths ? { paths: [...this.current.paths] } : {}) };
  }

  /** What happens to one call of `path`: delay first, then maybe the injected errcode. */
  decide(path: string): { latencyMs: number; errcode: number | null } {
    const { failRate, errcode, latencyMs, paths } = this.current;
    if (paths && !paths.includes(normalizeCgiPath(path))) return { latencyMs: 0, errcode: null };
    const fails = failRate > 0 && this.random() < failRate;
    return { latencyMs, errcode: fails ? errcode : null };
  }
}

/** "gettoken", "/cgi-bin/gettoken" and "/sim/cgi-bin/gettoken" all name the same endpoint. */
export function normalizeCgiPath(path: string): string {
  return path.replace(/^.*\/cgi-bin\//, '').replace(/^\/+|\/+$/g, '');
}
