import type { Router, RouterContext } from '@koa/router';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { controlRoute, parseJsonBody } from '../http/control-route.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { SimulatorError } from '../simulator-errors.ts';
import type { ToolbarChat } from '../state/chat-toolbar.ts';
import { sidebarHostHtml } from '../sidebar-page/sidebar-host-html.ts';

const HOST_ASSETS: ReadonlyMap<string, string> = new Map([
  ['sidebar-host.js', 'text/javascript; charset=utf-8'],
  ['sidebar-host.css', 'text/css; charset=utf-8'],
]);

const id = z.string().min(1).max(64);

/** Where the sidebar is opened: `?userId=&externalUserId=` (one-to-one) or `?userId=&chatId=` (customer group). */
const openSchema = z.union([
  z.strictObject({ userId: id, externalUserId: id }),
  z.strictObject({ userId: id, chatId: id }),
], { error: '需要 userId 以及 externalUserId 或 chatId 之一' });

const signatureSchema = z.strictObject({ timestamp: z.union([z.string().min(1).max(20), z.number().int()]), nonceStr: z.string().min(1).max(64), signature: z.string().regex(/^[0-9a-f]{40}$/) });
const registerSchema = z.strictObject({
  userId: id,
  corpId: z.string().min(1).max(64),
  agentId: z.union([z.string().regex(/^\d{1,10}$/), z.number().int()]).optional(),
  url: z.string().min(1).max(2048),
  config: signatureSchema,
  agentConfig: signatureSchema.optional(),
});

const chatMessageSchema = z.strictObject({
  userId: id,
  externalUserId: id.optional(),
  chatId: id.optional(),
  msgtype: z.enum(['text', 'news']),
  // ww.sendChatMessage: text.content (WeCom shows up to 2048 bytes in a chat message); news needs link and title.
  text: z.strictObject({ content: z.string().min(1).max(2048) }).optional(),
  news: z.strictObject({ link: z.string().url().max(2048), title: z.string().min(1).max(128), desc: z.string().max(512).optional(), imgUrl: z.string().max(2048).optional() }).optional(),
  enterChat: z.boolean().optional(),
}).refine((m) => (m.externalUserId ? 1 : 0) + (m.chatId ? 1 : 0) === 1, { message: 'externalUserId 与 chatId 需且只需一个' })
  .refine((m) => (m.msgtype === 'text' ? !!m.text : !!m.news), { message: '消息内容与 msgtype 不符' });

/**
 * The chat toolbar (聊天工具栏): `GET /sim/sidebar` frames the H5 app's sidebar page for a member
 * in a chat, as WeCom opens it (already through silent OAuth: the page URL carries a code), and
 * its host script answers the JS-SDK (`page/sidebar-host.js`) the way WeCom does. The host
 * checks `ww.register` signatures here against the tickets the simulator issued, and records
 * `sendChatMessage` into the chat, readable at `GET /sim/api/chat-messages`.
 */
export function registerSidebarRoutes(router: Router, state: SimulatorState): void {
  /** The chat, checked as WeCom would only show a toolbar in a chat the member is in. */
  const chatOf = (input: { userId: string; externalUserId?: string; chatId?: string }): ToolbarChat => {
    const member = state.directory.user(input.userId);
    if (!member) throw new SimulatorError('NOT_FOUND', `企业微信通讯录中没有成员 ${input.userId}`, { userId: input.userId });
    if (member.status !== 1) throw new SimulatorError('USER_NOT_ACTIVE', `成员 ${input.userId} 未激活、已禁用或已离职`, { userId: input.userId });
    if (input.externalUserId) {
      if (!state.externalContacts.isFollowing(member.userid, input.externalUserId)) {
        throw new SimulatorError('NOT_FOUND', `成员 ${input.userId} 与客户 ${input.externalUserId} 之间没有会话`, { userId: input.userId, externalUserId: input.externalUserId });
      }
      return { kind: 'single', userid: member.userid, externalUserid: input.externalUserId };
    }
    const group = state.externalContacts.group(input.chatId!);
    if (!group) throw new SimulatorError('NOT_FOUND', `没有客户群 ${input.chatId}`, { chatId: input.chatId });
    if (!group.members.some((m) => m.type === 1 && m.userid.toLowerCase() === member.userid.toLowerCase())) {
      throw new SimulatorError('NOT_FOUND', `成员 ${input.userId} 不在客户群 ${input.chatId} 中`, { userId: input.userId, chatId: input.chatId });
    }
    return { kind: 'group', chatId: group.chatId };
  };

  router.get('/sidebar', (ctx: RouterContext) => {
    ctx.set('cache-control', 'no-store');
    ctx.type = 'text/html; charset=utf-8';
    const parsed = openSchema.safeParse(ctx.query);
    let chat: ToolbarChat;
    try {
      if (!parsed.success) throw new SimulatorError('VALIDATION_FAILED', '需要 userId 以及 externalUserId 或 chatId 之一');
      chat = chatOf(parsed.data);
    } catch (err) {
      if (!(err instanceof SimulatorError)) throw err;
      ctx.status = err.status;
      ctx.body = `<!doctype html><meta charset="utf-8"><title>聊天工具栏</title><p>${escapeHtml(err.message)}</p>`;
      return;
    }
    const userid = chat.kind === 'single' ? chat.userid : state.directory.user(parsed.data.userId)!.userid;
    // WeCom opens the sidebar page after the silent OAuth (snsapi_base): the URL carries a fresh code.
    const code = state.issueLoginCode(userid, 'oauth');
    const title = chat.kind === 'single'
      ? `与 ${state.externalContacts.contact(chat.externalUserid)?.name ?? chat.externalUserid} 的聊天`
      : `客户群「${state.externalContacts.group(chat.chatId)?.name ?? chat.chatId}」`;
    ctx.body = sidebarHostHtml({
      title,
      frameSrc: `/?code=${encodeURIComponent(code)}&state=wecrm&wecomHost=sim#/pages/sidebar/index`,
      context: {
        userId: userid,
        corpId: state.corp.corpId,
        agentId: state.corp.agentId,
        entry: chat.kind === 'single' ? 'single_chat_tools' : 'group_chat_tools',
        ...(chat.kind === 'single' ? { externalUserId: chat.externalUserid } : { chatId: chat.chatId }),
      },
    });
  });

  // The host page's own script and stylesheet; nothing else from its folder.
  router.get('/sidebar-assets/:file', (ctx: RouterContext) => {
    const type = HOST_ASSETS.get(ctx.params.file!);
    ctx.set('cache-control', 'no-store');
    ctx.set('x-content-type-options', 'nosniff');
    if (!type) {
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'Not Found';
      return;
    }
    ctx.type = type;
    ctx.body = readFileSync(new URL(`../sidebar-page/${ctx.params.file}`, import.meta.url), 'utf8');
  });

  /** `ww.register` as WeCom checks it: the corp id, the agent id and both signatures. */
  router.post('/api/sidebar/register', controlRoute(async (ctx) => {
    const input = await parseJsonBody(ctx, registerSchema);
    if (input.corpId !== state.corp.corpId) return { config: 'fail', errMsg: 'config:fail invalid corpid' };
    const configOk = state.jsapiTickets.verify('corp', { ...input.config, url: input.url });
    if (!configOk) return { config: 'fail', errMsg: 'config:fail invalid signature' };
    if (!input.agentConfig) return { config: 'ok', agentConfig: 'none' };
    if (input.agentId === undefined || Number(input.agentId) !== state.corp.agentId) {
      return { config: 'ok', agentConfig: 'fail', errMsg: 'agentConfig:fail invalid agentid' };
    }
    const agentOk = state.jsapiTickets.verify('agent', { ...input.agentConfig, url: input.url });
    return agentOk ? { config: 'ok', agentConfig: 'ok' } : { config: 'ok', agentConfig: 'fail', errMsg: 'agentConfig:fail invalid signature' };
  }));

  router.post('/api/chat-messages', controlRoute(async (ctx) => {
    const input = await parseJsonBody(ctx, chatMessageSchema);
    const chat = chatOf(input);
    const saved = state.toolbarMessages.record(chat, chat.kind === 'single' ? chat.userid : input.userId, {
      msgtype: input.msgtype,
      ...(input.text ? { text: input.text } : {}),
      ...(input.news ? { news: input.news } : {}),
    });
    return { ok: true, msgid: saved.msgid };
  }));

  router.get('/api/chat-messages', controlRoute(async (ctx) => {
    const q = openSchema.parse(ctx.query);
    return { items: state.toolbarMessages.list(chatOf(q)) };
  }));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
