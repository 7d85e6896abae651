import type { Context, Next } from 'koa';
import { UnauthenticatedError } from '../http/errors.ts';
import type { Actor } from './actor.ts';
import type { AuthService } from './auth.service.ts';

declare module 'koa' {
  interface DefaultState {
    user?: Actor;
    requestId?: string;
  }
}

/** Every /api route but auth requires a valid bearer token of an active member. */
export function requireAuth(auth: AuthService) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthenticatedError();
    const user = await auth.authenticate(match[1]!);
    if (!user) throw new UnauthenticatedError('登录已失效，请重新登录');
    ctx.state.user = { ...user, requestId: ctx.state.requestId };
    return next();
  };
}

/** The caller; only valid behind requireAuth. */
export function actorOf(ctx: Context): Actor {
  const user = ctx.state.user;
  if (!user) throw new UnauthenticatedError();
  return user;
}
