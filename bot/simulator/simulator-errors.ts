/**
 * Failures of the simulator's control side (`/sim/api/*` and the state methods the server
 * calls). The WeCom side never throws these: it answers with errcodes like WeCom does.
 */
export const simulatorErrorStatus = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  USER_NOT_ACTIVE: 409,
  /** A greyed-out card button was clicked (after update_template_card). */
  CARD_INACTIVE: 409,
  /** The simulator was created without callback settings, so it cannot call the server. */
  CALLBACK_NOT_CONFIGURED: 409,
  /** A time travel is running: no second one, and no other clock change, until it ends. */
  TRAVEL_IN_PROGRESS: 409,
  PAYLOAD_TOO_LARGE: 413,
  /** The server's callback URL gave no HTTP answer after WeCom's 3 attempts. */
  CALLBACK_UNREACHABLE: 502,
} as const;

export type SimulatorErrorCode = keyof typeof simulatorErrorStatus;

export class SimulatorError extends Error {
  constructor(
    readonly code: SimulatorErrorCode,
    /** zh-CN, shown to whoever drives the simulator. */
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SimulatorError';
  }

  get status(): number {
    return simulatorErrorStatus[this.code];
  }
}
