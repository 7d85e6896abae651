import type { AppSettingsRepository } from './app-settings.repository.ts';
import type { AdjustableClock, ClockChange, Clock } from './clock.ts';
import type { Logger } from './logger.ts';

/**
 * The simulator's time travel survives restarts: its offset and the simulated instant are saved
 * on every change, and a restart resumes from them, so stored timestamps never go backwards.
 */
const SETTING_KEY = 'simulator.clock';

export interface SavedSimulatorClock {
  offsetMs: number;
  /** The simulated instant when it was saved. */
  simulatedAt: string;
}

/**
 * Where the simulated time resumes: the saved offset on today's real time, but never before the
 * last simulated instant saved (the machine's clock may have gone back, or the offset shrunk).
 */
export function resumedSimulatedNow(realNow: Date, saved: SavedSimulatorClock): Date {
  return new Date(Math.max(realNow.getTime() + saved.offsetMs, Date.parse(saved.simulatedAt)));
}

function parseSaved(text: string | null): SavedSimulatorClock | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<SavedSimulatorClock>;
    if (typeof v.offsetMs !== 'number' || !Number.isFinite(v.offsetMs) || typeof v.simulatedAt !== 'string' || Number.isNaN(Date.parse(v.simulatedAt))) return null;
    return { offsetMs: v.offsetMs, simulatedAt: v.simulatedAt };
  } catch {
    return null;
  }
}

export class SimulatorClockStore {
  constructor(
    private readonly settings: AppSettingsRepository,
    /** Real time, for `updated_at` and for where a saved offset lands after a restart. */
    private readonly realClock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Puts `clock` where the last run left the simulated time; false when nothing was saved. */
  async restore(clock: AdjustableClock): Promise<boolean> {
    const saved = parseSaved(await this.settings.read(SETTING_KEY));
    if (!saved) return false;
    clock.set(resumedSimulatedNow(this.realClock.now(), saved));
    return true;
  }

  async save(change: ClockChange): Promise<void> {
    const value: SavedSimulatorClock = { offsetMs: change.offsetMs, simulatedAt: change.now.toISOString() };
    await this.settings.write(SETTING_KEY, JSON.stringify(value), this.realClock.now());
  }

  /** Saves every change of `clock` from now on; failures are logged (the demo goes on). */
  follow(clock: AdjustableClock): () => void {
    return clock.onChange((change) => this.save(change).catch((err) => this.logger.error({ err }, 'simulator clock not saved')));
  }
}
