import { defineModule } from '../modules/module.ts';
import { JsapiTicketCache } from './jsapi-tickets.ts';
import { JssdkService } from './jssdk.service.ts';
import { jssdkRoutes } from './sidebar.routes.ts';

declare module '../modules/module.ts' {
  interface Services {
    jssdk: JssdkService;
  }
}

/** The chat-toolbar sidebar's server side (issue 11): JS-SDK signatures. */
export const sidebarModule = defineModule({
  name: 'sidebar',
  services: ({ deps }) => {
    const { corpId, agentId } = deps.config.wecom;
    const tickets = new JsapiTicketCache({ store: deps.kv, clock: deps.clock, source: deps.jssdk, keyPrefix: `wecom:jsapi-ticket:${corpId}:${agentId}` });
    return { jssdk: new JssdkService(tickets, deps.clock, { corpId, agentId }) };
  },
  routes: ({ services }) => [jssdkRoutes(services.jssdk)],
});
