import type { Router } from '@koa/router';
import { WecomErrcode } from '../../wecom/wecom-errcodes.ts';
import { controlRoute } from '../http/control-route.ts';
import { defineCgiRoute, type CgiRequest } from '../http/cgi-route.ts';
import { WecomSimError } from '../http/wecom-sim-error.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { SimulatorError } from '../simulator-errors.ts';

const objectBody = async (req: CgiRequest): Promise<Record<string, unknown>> => {
  const body = await req.body();
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new WecomSimError(WecomErrcode.DATA_FORMAT_ERROR);
  return body as Record<string, unknown>;
};

/** The app's internal group chats (应用发送消息到群聊会话, WECOM.md §5) and `GET /sim/api/appchats/:chatId/messages`. */
export function registerAppChatRoutes(router: Router, state: SimulatorState): void {
  const chats = state.appChats;
  defineCgiRoute(router, state, { method: 'POST', path: 'appchat/create', requiresToken: true }, async (req) => chats.create(await objectBody(req)));
  defineCgiRoute(router, state, { method: 'POST', path: 'appchat/update', requiresToken: true }, async (req) => {
    chats.update(await objectBody(req));
    return {};
  });
  defineCgiRoute(router, state, { method: 'GET', path: 'appchat/get', requiresToken: true }, (req) => {
    const chat = chats.get(req.query('chatid'));
    return { chat_info: { chatid: chat.chatid, name: chat.name, owner: chat.owner, userlist: chat.userlist, chat_type: 0 } };
  });
  defineCgiRoute(router, state, { method: 'POST', path: 'appchat/send', requiresToken: true }, async (req) => chats.send(await objectBody(req)));

  router.get('/api/appchats', controlRoute(() => ({
    items: chats.list().map((c) => ({ chatId: c.chatid, name: c.name, owner: c.owner, members: c.userlist, messageCount: c.messageCount })),
  })));

  router.get('/api/appchats/:chatId/messages', controlRoute((ctx) => {
    const items = chats.messagesOf(ctx.params.chatId!);
    if (!items) throw new SimulatorError('NOT_FOUND', `没有应用群聊 ${ctx.params.chatId}`, { chatId: ctx.params.chatId });
    const chat = chats.get(ctx.params.chatId!);
    return { chatId: chat.chatid, name: chat.name, owner: chat.owner, members: chat.userlist, items };
  }));
}
