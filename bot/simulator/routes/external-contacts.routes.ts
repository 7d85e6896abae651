import type { Router } from '@koa/router';
import { z } from 'zod';
import { controlRoute, parseJsonBody } from '../http/control-route.ts';
import { defineCgiRoute, type CgiRequest } from '../http/cgi-route.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { SimulatorError } from '../simulator-errors.ts';

const userId = z.string().min(1).max(64);
const externalUserId = z.string().min(1).max(64);

const addContactSchema = z.strictObject({
  userId,
  name: z.string().min(1).max(64),
  corpName: z.string().max(64).optional(),
  mobile: z.string().max(32).optional(),
  remark: z.string().max(64).optional(),
  /** An existing customer adding one more member. */
  externalUserId: externalUserId.optional(),
  /** This customer will refuse transfers (transfer_result status 3, transfer_fail customer_refused). */
  refusesTransfer: z.boolean().optional(),
});

const editFollowSchema = z.strictObject({
  userId,
  remark: z.string().max(64).optional(),
  remarkMobiles: z.array(z.string().max(32)).max(5).optional(),
  remarkCorpName: z.string().max(64).optional(),
});

const removeFollowSchema = z.strictObject({ userId, by: z.enum(['member', 'customer']).default('member') });

const groupSchema = z.strictObject({
  owner: userId,
  name: z.string().min(1).max(64),
  userIds: z.array(userId).max(500).optional(),
  externalUserIds: z.array(externalUserId).max(500),
  /** The customers joined through a join way (add_join_way) carrying this state, ≤ 30 characters. */
  state: z.string().min(1).max(30).optional(),
});

const groupMembersSchema = z.strictObject({
  add: z.array(z.string().min(1).max(64)).max(500).optional(),
  remove: z.array(z.string().min(1).max(64)).max(500).optional(),
});

/**
 * 客户联系 (WECOM.md §6, §12): the externalcontact/* API with WeCom's limits and errcodes, and the
 * control API that plays the customers and the admin console (add a customer, make a member
 * leave, customer groups). Every externalcontact call first completes the transfers whose 24 h
 * have passed by the clock.
 */
export function registerExternalContactRoutes(router: Router, state: SimulatorState): void {
  const ec = state.externalContacts;
  const settled = async <T>(fn: () => T): Promise<T> => {
    await state.settleTransfers();
    return fn();
  };
  const body = (req: CgiRequest) => req.body();

  defineCgiRoute(router, state, { method: 'GET', path: 'externalcontact/list', requiresToken: true }, (req) =>
    settled(() => ({ external_userid: ec.listFor(req.query('userid')) })));
  defineCgiRoute(router, state, { method: 'GET', path: 'externalcontact/get', requiresToken: true }, (req) =>
    settled(() => ec.get(req.query('external_userid'))));
  defineCgiRoute(router, state, { method: 'POST', path: 'externalcontact/batch/get_by_user', requiresToken: true }, async (req) => {
    const b = await body(req);
    return settled(() => ec.batchGetByUser(b));
  });
  defineCgiRoute(router, state, { method: 'POST', path: 'externalcontact/transfer_customer', requiresToken: true }, async (req) => {
    const b = await body(req);
    return settled(() => ({ customer: ec.transfer('onjob', b) }));
  });
  defineCgiRoute(router, state, { method: 'POST', path: 'externalcontact/transfer_result', requiresToken: true }, async (req) => {
    const b = await body(req);
    return settled(() => ec.transferResult('onjob', b));
  });
  defineCgiRoute(router, state, { method: 'POST', path: 'externalcontact/resigned/transfer_customer', requiresToken: true }, async (req) => {
    const b = await body(req);
    return settled(() => ({ customer: ec.transfer('resigned', b) }));
  });
  defineCgiRoute(router, state, { method: 'POST', path: 'externalcontact/resigned/transfer_result', requiresToken: true }, async (req) => {
    const b = await body(req);
    return settled(() => ec.transferResult('resigned', b));
  });
  defineCgiRoute(router, state, { method: 'POST', path: 'externalcontact/get_unassigned_list', requiresToken: true }, async (req) => {
    const b = await body(req);
    return settled(() => ec.unassigned(b));
  });
  defineCgiRoute(router, state, { method: 'POST', path: 'externalcontact/groupchat/list', requiresToken: true }, async (req) =>
    ec.listGroups(await body(req)));
  defineCgiRoute(router, state, { method: 'POST', path: 'externalcontact/groupchat/get', requiresToken: true }, async (req) =>
    ec.getGroup(await body(req)));
  for (const [path, kind] of [['externalcontact/groupchat/transfer', 'resigned'], ['externalcontact/groupchat/onjob_transfer', 'onjob']] as const) {
    defineCgiRoute(router, state, { method: 'POST', path, requiresToken: true }, async (req) => {
      const result = ec.transferGroups(kind, await body(req));
      void state.emit(result.events);
      return { failed_chat_list: result.failed };
    });
  }

  // ---------------------------------------------------------------- control API

  router.post(
    '/api/external-contacts',
    controlRoute(async (ctx) => {
      const input = await parseJsonBody(ctx, addContactSchema);
      const added = ec.addContact({
        userid: input.userId, name: input.name, corpName: input.corpName, mobile: input.mobile, remark: input.remark,
        externalUserid: input.externalUserId, refusesTransfer: input.refusesTransfer,
      });
      const [delivery] = await state.emit([added.event]);
      return { externalUserId: added.externalUserid, callback: delivery ?? null };
    }),
  );

  router.get(
    '/api/external-contacts',
    controlRoute(async (ctx) => {
      await state.settleTransfers();
      const raw = ctx.query.userId;
      const filter = typeof raw === 'string' && raw !== '' ? raw : undefined;
      if (filter !== undefined && !state.directory.user(filter)) {
        throw new SimulatorError('NOT_FOUND', `企业微信通讯录中没有成员 ${filter}`, { userId: filter });
      }
      return { items: ec.followersView(filter) };
    }),
  );

  router.get(
    '/api/external-contacts/transfers',
    controlRoute(async () => {
      await state.settleTransfers();
      return {
        items: ec.allTransfers().map((t) => ({
          kind: t.kind, handoverUserId: t.handoverUserid, takeoverUserId: t.takeoverUserid, externalUserId: t.externalUserid,
          status: t.status, startedAt: new Date(t.startedAt).toISOString(),
        })),
      };
    }),
  );

  // The member edits their remark on the customer (edit_external_contact).
  router.post(
    '/api/external-contacts/:externalUserId/remark',
    controlRoute(async (ctx) => {
      const input = await parseJsonBody(ctx, editFollowSchema);
      const event = ec.editFollow(input.userId, ctx.params.externalUserId!, input);
      const [delivery] = event ? await state.emit([event]) : [];
      return { ok: true, callback: delivery ?? null };
    }),
  );

  // The member deletes the customer (del_external_contact) or the customer deletes the member (del_follow_user).
  router.post(
    '/api/external-contacts/:externalUserId/remove',
    controlRoute(async (ctx) => {
      const input = await parseJsonBody(ctx, removeFollowSchema);
      const event = ec.removeFollow(input.userId, ctx.params.externalUserId!, input.by);
      const [delivery] = await state.emit([event]);
      return { ok: true, callback: delivery ?? null };
    }),
  );

  router.post(
    '/api/external-contacts/:externalUserId/refuse-transfers',
    controlRoute(async (ctx) => {
      const input = await parseJsonBody(ctx, z.strictObject({ refuse: z.boolean().default(true) }));
      ec.setRefusesTransfer(ctx.params.externalUserId!, input.refuse);
      return { ok: true };
    }),
  );

  router.post(
    '/api/members/:userid/leave',
    controlRoute(async (ctx) => {
      const delivery = await state.memberLeaves(ctx.params.userid!);
      return { ok: true, status: 5, callback: delivery };
    }),
  );

  router.post(
    '/api/external-groups',
    controlRoute(async (ctx) => {
      const input = await parseJsonBody(ctx, groupSchema);
      const created = ec.createGroup(input);
      const [delivery] = await state.emit([created.event]);
      return { chatId: created.chatId, callback: delivery ?? null };
    }),
  );

  router.get('/api/external-groups', controlRoute(() => ({ items: ec.groupsView() })));

  // The owner renames the group or makes another member its owner (update change_name / change_owner).
  router.patch(
    '/api/external-groups/:chatId',
    controlRoute(async (ctx) => {
      const input = await parseJsonBody(ctx, z.strictObject({ name: z.string().min(1).max(64).optional(), owner: userId.optional() }));
      const events = ec.changeGroup(ctx.params.chatId!, input);
      const deliveries = await state.emit(events);
      return { ok: true, callbacks: deliveries };
    }),
  );

  router.post(
    '/api/external-groups/:chatId/members',
    controlRoute(async (ctx) => {
      const input = await parseJsonBody(ctx, groupMembersSchema);
      const events = ec.changeGroupMembers(ctx.params.chatId!, input);
      await state.emit(events);
      const group = ec.group(ctx.params.chatId!)!;
      return { chatId: group.chatId, members: group.members.map((m) => ({ id: m.userid, type: m.type === 1 ? 'internal' : 'external' })) };
    }),
  );

  router.post(
    '/api/external-groups/:chatId/dismiss',
    controlRoute(async (ctx) => {
      const event = ec.dismissGroup(ctx.params.chatId!);
      const [delivery] = await state.emit([event]);
      return { ok: true, callback: delivery ?? null };
    }),
  );
}
