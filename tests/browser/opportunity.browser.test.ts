import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/auth/actor.ts';
import { field, screenshot, startDemoH5App, type DemoH5App } from '../helpers/browser.ts';

/**
 * A demo rep moves an opportunity to 方案报价 — the app asks for 报价金额 — then wins it (asked for
 * the amount it lacks), and the customer has its deal.
 */
describe('H5: a rep moves an opportunity through the stage gate and wins it', () => {
  let app: DemoH5App;

  beforeAll(async () => { app = await startDemoH5App('opp'); });
  afterAll(async () => { await app?.close(); });
  const db = () => app.runtime.db.manager;

  it('should ask for 报价金额 on the way to 方案报价, then for the amount on winning, and give the customer its deal', async () => {
    const [me] = await db().query(
      "SELECT u.id, u.name, u.role, u.department_id, d.path FROM users u JOIN departments d ON d.id = u.department_id WHERE u.wecom_user_id = 'zhangsan'");
    const actor: Actor = { id: Number(me.id), name: me.name, role: me.role, departmentId: Number(me.department_id), departmentPath: me.path, wecomUserId: 'zhangsan' };
    const [customer] = await db().query(
      "SELECT id FROM customers WHERE owner_id = ? AND stage NOT IN ('deal', 'repeat') AND last_deal_at IS NULL ORDER BY id LIMIT 1", [actor.id]);
    const stages = (await app.runtime.services.opportunities.stages()).items;
    const stageId = (name: string) => stages.find((s) => s.name === name)!.id;
    const today = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const opp = await app.runtime.services.opportunities.create(actor, {
      customerId: Number(customer.id), name: '浏览器测试商机', ownerId: null, amountFen: 0, expectedCloseOn: today, stageId: Number(stageId('需求确认')),
      probability: null, notes: null, source: null, feedback: {},
    });

    const consoleErrors: string[] = [];
    const page = await app.loginAs('zhangsan', consoleErrors);
    await page.locator('[data-testid="tab-opportunities"]').click({ timeout: 30_000 });
    const row = page.locator(`[data-testid="opp-row-${opp.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    await screenshot(page, 'opp-01-list');
    await row.click();

    // 下一阶段：方案报价 asks exactly for 报价金额.
    await page.locator('[data-testid="opp-next"]').click({ timeout: 30_000 });
    const quote = field(page, 'feedback-input-quoteFen');
    await quote.waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid^="feedback-field-"]').count()).toBe(1);
    await page.getByText('报价金额').first().waitFor();
    await screenshot(page, 'opp-02-quote-asked');
    await page.locator('[data-testid="stage-feedback-submit"]').click();
    await page.getByText('请填写报价金额').waitFor({ timeout: 10_000 });
    await quote.fill('120000');
    await page.locator('[data-testid="stage-feedback-submit"]').click();
    await page.locator('[data-testid="opp-stage"]', { hasText: '方案报价' }).waitFor({ timeout: 30_000 });
    await page.getByText('报价金额：¥120,000.00').waitFor({ timeout: 10_000 });

    // 赢单 from 变更阶段: the opportunity has no amount, so the gate asks for it.
    await page.locator('[data-testid="opp-change-stage"]').click();
    await page.locator(`[data-testid="stage-pick-${stageId('赢单')}"]`).click();
    const amount = field(page, 'feedback-input-amountFen');
    await amount.waitFor({ timeout: 30_000 });
    await screenshot(page, 'opp-03-win-asks-amount');
    await amount.fill('118000.5');
    await page.locator('[data-testid="stage-feedback-submit"]').click();
    await page.locator('[data-testid="opp-stage"]', { hasText: '赢单' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="opp-amount"]', { hasText: '¥118,000.50' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'opp-04-won');

    // The customer page lists it under 商机, and the win is on its history.
    await page.locator('[data-testid="opp-customer"]:visible').click();
    const section = page.locator('[data-testid="customer-opportunities"]');
    await section.locator(`[data-testid="opp-row-${opp.id}"]`).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="ownership-history"]:visible').getByText('商机「浏览器测试商机」 赢单').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'opp-05-customer');

    const [stored] = await db().query('SELECT status, amount_fen, won_at FROM opportunities WHERE id = ?', [Number(opp.id)]);
    expect(stored).toMatchObject({ status: 'won' });
    expect(Number(stored.amount_fen)).toBe(11_800_050);
    const [after] = await db().query('SELECT stage, last_deal_at FROM customers WHERE id = ?', [customer.id]);
    expect(after.stage).toBe('deal');
    expect(after.last_deal_at).not.toBeNull();
    const moves = await db().query('SELECT feedback FROM opportunity_stage_moves WHERE opportunity_id = ? ORDER BY id', [Number(opp.id)]);
    expect(moves.map((m: { feedback: string | null }) => (m.feedback ? JSON.parse(m.feedback) : null))).toEqual([null, { quoteFen: 12_000_000 }, { amountFen: 11_800_050 }]);
    expect(consoleErrors).toEqual([]);
  });
  it('should show a manager the team board by stage, and let the admin change a win rate and a required field', async () => {
    const consoleErrors: string[] = [];
    const page = await app.loginAs('manager.east', consoleErrors);
    await page.locator('[data-testid="tab-opportunities"]').click({ timeout: 30_000 });
    await page.locator('[data-testid="opps-scope-team"]').click({ timeout: 30_000 });
    await page.locator('[data-testid="opps-view-board"]').click();
    const board = page.locator('[data-testid="opps-board"]');
    await board.waitFor({ timeout: 30_000 });
    const stages = (await app.runtime.services.opportunities.stages()).items;
    await board.locator(`[data-testid="opps-column-${stages[0]!.id}"]`).waitFor();
    await screenshot(page, 'opp-06-team-board');

    const admin = await app.loginAs('boss', consoleErrors);
    await admin.locator('[data-testid="tab-profile"]').click({ timeout: 30_000 });
    await admin.locator('[data-testid="profile-stages"]').click({ timeout: 30_000 });
    const second = admin.locator('[data-testid="stage-edit-1"]');
    await second.waitFor({ timeout: 30_000 });
    await second.locator('.stages__rate input, input.stages__rate').first().fill('35');
    await second.getByText('+ 添加必填字段').click();
    await second.locator('.stages__label input, input.stages__label').first().fill('决策人');
    await screenshot(admin, 'opp-07-stage-editor');
    await admin.locator('[data-testid="stages-save"]').click();
    await admin.getByText('已保存').first().waitFor({ timeout: 30_000 });
    const after = (await app.runtime.services.opportunities.stages()).items[1]!;
    expect(after).toMatchObject({ name: '需求确认', winRate: 35, requiredFields: [{ label: '决策人', type: 'text' }] });
    expect(consoleErrors).toEqual([]);
  });
});
