import { defineModule } from '../modules/module.ts';
import { AuthService } from './auth.service.ts';
import { authRoutes } from './auth.routes.ts';
import { SessionTokens } from './session-token.ts';

declare module '../modules/module.ts' {
  interface Services {
    auth: AuthService;
  }
}

export const authModule = defineModule({
  name: 'auth',
  services: ({ deps }) => ({
    auth: new AuthService(
      deps.db, deps.wecom, new SessionTokens(deps.config.sessionSecret, deps.config.sessionTtlHours * 3600), deps.clock, deps.wallClock,
      deps.config.wecom.mode === 'simulator', deps.config.wecom.corpId,
    ),
  }),
  publicRoutes: ({ services }) => [authRoutes(services.auth)],
});
