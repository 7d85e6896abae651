import { defineModule } from '../modules/module.ts';
import { SharedVersion } from '../infra/shared-version.ts';
import { AuthService } from './auth.service.ts';
import { authRoutes } from './auth.routes.ts';
import { SessionTokens } from './session-token.ts';

declare module '../modules/module.ts' {
  interface Services {
    auth: AuthService;
    /** The organisation's version: members, departments, pools (their caches reload when it moves). */
    orgVersion: SharedVersion;
  }
}

export const authModule = defineModule({
  name: 'auth',
  services: ({ deps }) => {
    const orgVersion = new SharedVersion(deps.kv, 'org:version');
    return {
      orgVersion,
      auth: new AuthService(
        deps.db, deps.wecom, new SessionTokens(deps.config.sessionSecret, deps.config.sessionTtlHours * 3600), deps.clock, deps.wallClock,
        deps.config.wecom.mode === 'simulator', deps.config.wecom.corpId, orgVersion,
      ),
    };
  },
  publicRoutes: ({ services }) => [authRoutes(services.auth)],
});
