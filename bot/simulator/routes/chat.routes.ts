import type { Router } from '@koa/router';
import { controlRoute, parseJsonBody } from '../http/control-route.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { MEMBER_MESSAGE_LIMITS } from '../state/member-rate-limit.ts';
import { chatMessageJson } from '../state/message-log.ts';
import { cardClickSchema, messageListQuerySchema } from './chat.schemas.ts';

/**
 * The WeCom client side of messages: what members see in their chat and what they click.
 * Used by the `/sim` page, by tests and by demos.
 */
export function registerChatRoutes(router: Router, state: SimulatorState): void {
  router.get(
    '/api/members',
    controlRoute(() => ({
      items: state.directory.allUsers().map((u) => ({
        userid: u.userid,
        name: u.name,
        department: u.department,
        position: u.position ?? '',
        status: u.status,
      })),
    })),
  );

  router.get(
    '/api/messages',
    controlRoute((ctx) => {
      const query = messageListQuerySchema.parse(ctx.query);
      return { items: state.messages.log.list(query).map(chatMessageJson) };
    }),
  );

  // Per member delivered/dropped: reliability tests assert totals.dropped === 0.
  router.get(
    '/api/messages/stats',
    controlRoute(() => ({ ...state.messages.log.stats(), limits: MEMBER_MESSAGE_LIMITS })),
  );

  // Forgets messages, task_ids, response_codes and rate-limit windows (not tokens or faults).
  router.delete(
    '/api/messages',
    controlRoute(() => {
      state.messages.clear();
      return { ok: true };
    }),
  );

  router.post(
    '/api/cards/:taskId/click',
    controlRoute(async (ctx) => {
      const click = await parseJsonBody(ctx, cardClickSchema);
      return state.clickCardButton(ctx.params.taskId ?? '', click.userId, click.key, {
        ...(click.selectedOptionId ? { selectedOptionId: click.selectedOptionId } : {}),
      });
    }),
  );

  router.post(
    '/api/callback/verify',
    controlRoute(async () => {
      const { verified, status, attempts } = await state.verifyCallbackUrl();
      return { verified, status, attempts };
    }),
  );
}
