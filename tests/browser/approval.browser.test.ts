import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../bot/runtime.ts';
import { field, screenshot, startDemoH5App, type DemoH5App, type DemoUser } from '../helpers/browser.ts';
interface SimButton { type?: number; text: string; key?: string; url?: string }
interface SimMessage { msgid: string; taskId?: string; msgtype: string; replaceName?: string; updatedAt?: string; template_card?: { card_type: string; button_list?: SimButton[] } }
interface ApprovalView {
  id: string; status: string; amountFen: number; customer: { id: string; name: string } | null; requester: { id: string; name: string };
  steps: Array<{ round: number; level: number; approvers: Array<{ id: string; name: string }>; decision: string | null; decidedBy: { id: string; name: string } | null }>;
  attachments?: Array<{ id: string; url: string }>;
}

/**
 * The approval demo, as a person would show it: a rep files a 500 元 entertainment request for a
 * customer in the H5 app (with a receipt photo); the request reaches the manager as a card on /sim;
 * the manager taps 同意 on the card; the card says so, and the rep's app shows 已通过 — on the
 * request, in 我发起的, and in the customer's 费用.
 */
describe('H5 + /sim: a rep files an expense request and the manager approves it from the card', () => {
  let app: DemoH5App;
  let runtime: Runtime;
  let url: string;
  let users: DemoUser[];
  let browser: Browser;

  beforeAll(async () => {
    app = await startDemoH5App('approval');
    ({ runtime, url, users, browser } = app);
  });
  afterAll(async () => { await app?.close(); });

  const call = <T>(method: string, path: string, token: string | null, body?: unknown) => app.ok<T>(method, path, token, body);
  const loginAs = (wecomUserId: string, errors: string[]) => app.loginAs(wecomUserId, errors);
  const chat = async (userId: string) => (await call<{ items: SimMessage[] }>('GET', `/sim/api/messages?touser=${encodeURIComponent(userId)}`, null)).items;
  /** Lets the H5 router's slide-in finish so screenshots show the page in place. */
  const settle = (page: Page) => page.waitForTimeout(450);
  const textarea = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"] textarea, textarea[data-testid="${testId}"]`).first();

  it('should show 已通过 in the rep\'s app when the manager taps 同意 on the card in /sim', async () => {
    const errors: string[] = [];
    const zhangsan = users.find((u) => u.wecomUserId === 'zhangsan')!;
    const repToken = (await call<{ token: string }>('POST', '/api/auth/dev', null, { userId: zhangsan.id })).token;
    const [target] = await runtime.db.manager.query('SELECT id, name FROM customers WHERE owner_id = ? ORDER BY id LIMIT 1', [Number(zhangsan.id)]);
    expect(target, 'zhangsan owns a customer in the demo').toBeTruthy();
    const customerId = String(target.id);
    const reason = `宴请客户采购总监，商谈年度框架合同 ${Date.now()}`;

    // ---- the rep: 审批 tab → 发起申请 ----------------------------------------------------------
    const rep = await loginAs('zhangsan', errors);
    await rep.locator('[data-testid="tab-approvals"]').click();
    await rep.locator('[data-testid="approval-list"] [data-testid="state-empty"]').waitFor({ timeout: 30_000 });
    await settle(rep);
    await screenshot(rep, 'approval-00-rep-tab-empty');
    await rep.locator('[data-testid="approval-new"]').click();
    await rep.locator('[data-testid="approval-new-page"]').waitFor({ timeout: 30_000 });

    // Client-side rules first: an entertainment request without a customer is held back.
    await rep.locator('[data-testid="approval-type-entertainment"]').click();
    await field(rep, 'approval-amount').fill('500.123');
    await rep.locator('[data-testid="approval-submit"]').click();
    await rep.getByText('金额最多两位小数').waitFor({ timeout: 10_000 });
    await rep.getByText('招待、礼品、折扣申请需要选择客户').waitFor();
    await rep.getByText('请填写申请事由').waitFor();
    await settle(rep);
    await screenshot(rep, 'approval-01-rep-form-errors');

    await field(rep, 'approval-amount').fill('500');
    await rep.locator('[data-testid="approval-customer"]').click();
    await rep.locator('[data-testid="customer-picker"]').waitFor({ timeout: 30_000 });
    await field(rep, 'customer-picker-search').fill(target.name);
    await rep.locator(`[data-testid="pick-customer-${customerId}"]`).click({ timeout: 30_000 });
    expect((await rep.locator('[data-testid="approval-customer"]').innerText()).trim()).toContain(target.name);
    await textarea(rep, 'approval-reason').fill(reason);

    // A receipt photo, uploaded as multipart through fetch/FormData the moment it is picked.
    const photo = await receiptPng(browser);
    const chooser = rep.waitForEvent('filechooser', { timeout: 10_000 });
    await rep.locator('[data-testid="approval-photo-add"]').click();
    await (await chooser).setFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: photo });
    await rep.locator('[data-testid="approval-photo-done"]').waitFor({ timeout: 30_000 });
    await rep.getByText('合计 ¥500.00').waitFor();
    await settle(rep);
    await screenshot(rep, 'approval-02-rep-form-filled');

    await rep.locator('[data-testid="approval-submit"]').click();
    await rep.locator('[data-testid="approval-detail"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => rep.locator('[data-testid="approval-detail-status"]').innerText(), { timeout: 30_000 }).toBe('审批中');
    expect(await rep.locator('[data-testid="approval-detail-amount"]').innerText()).toBe('¥500.00');
    expect(await rep.locator('[data-testid="approval-detail-customer"]').innerText()).toBe(target.name);
    await rep.locator('[data-testid="approval-detail-photos"] img, [data-testid="approval-detail-photos"] taro-image-core').first().waitFor({ timeout: 30_000 });
    await rep.locator('[data-testid="approval-withdraw"]').waitFor();
    const approvalId = /[?&]id=(\d+)/.exec(rep.url())![1]!;
    await settle(rep);
    await screenshot(rep, 'approval-03-rep-pending');

    // Stored as the server's approval: 50,000 fen for the customer, waiting on the first level.
    const filed = await call<ApprovalView>('GET', `/api/approvals/${approvalId}`, repToken);
    expect(filed).toMatchObject({ status: 'pending', amountFen: 50_000, customer: { id: customerId }, requester: { id: zhangsan.id } });
    expect(filed.attachments).toHaveLength(1);
    const level1 = filed.steps.find((s) => s.level === 1)!;
    expect(level1.approvers.length).toBeGreaterThanOrEqual(1);
    const manager = users.find((u) => u.id === level1.approvers[0]!.id)!;
    expect(manager.role).toBe('manager');
    expect(await rep.locator('[data-testid="approval-step-state-1-1"]').innerText()).toContain('审批中');

    // ---- the manager's app: the badge on the tab and on 待我审批, the request with 同意 / 驳回 ----
    // (the demo company has requests of its own waiting on him: the badge is the server's todo total)
    const mgrToken = (await call<{ token: string }>('POST', '/api/auth/dev', null, { userId: manager.id })).token;
    const todo = await call<{ total: number; items: ApprovalView[] }>('GET', '/api/approvals?box=todo&pageSize=50', mgrToken);
    expect(todo.items.map((a) => a.id)).toContain(approvalId);
    const mgr = await loginAs(manager.wecomUserId, errors);
    await expect.poll(() => mgr.locator('[data-testid="tab-approvals-badge"]').innerText(), { timeout: 30_000 }).toBe(String(todo.total));
    await mgr.locator('[data-testid="tab-approvals"]').click();
    await mgr.locator(`[data-testid="approval-row-${approvalId}"]`).waitFor({ timeout: 30_000 });
    expect(await mgr.locator('[data-testid="approval-todo-badge"]').innerText()).toBe(String(todo.total));
    expect(await mgr.locator(`[data-testid="approval-row-${approvalId}"]`).innerText()).toContain(zhangsan.name);
    await settle(mgr);
    await screenshot(mgr, 'approval-04-manager-todo');
    await mgr.locator(`[data-testid="approval-row-${approvalId}"]`).click();
    await mgr.locator('[data-testid="approval-approve"]').waitFor({ timeout: 30_000 });
    await mgr.locator('[data-testid="approval-reject"]').waitFor();
    await settle(mgr);
    await screenshot(mgr, 'approval-05-manager-detail');

    // ---- /sim: the manager's chat shows the card; 同意 decides it in one tap ---------------------
    let card: SimMessage | undefined;
    await expect.poll(async () => {
      // this request's card: its buttons carry the approval id (approval:approve:<id>:<round>:<level>)
      card = (await chat(manager.wecomUserId)).find((m) => m.template_card?.card_type === 'button_interaction'
        && (m.template_card.button_list ?? []).some((b) => b.key?.startsWith(`approval:approve:${approvalId}:`)));
      return Boolean(card);
    }, { timeout: 30_000 }).toBe(true);
    const approve = card!.template_card!.button_list!.find((b) => b.text === '同意');
    expect(approve, 'the card offers 同意').toBeTruthy();
    expect(card!.template_card!.button_list!.some((b) => b.text === '驳回')).toBe(true);

    const sim = await (await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' })).newPage();
    sim.on('pageerror', (err) => errors.push(`sim: ${err.message}`));
    await sim.goto(url + '/sim');
    await sim.locator(`[data-testid="sim-member-${manager.wecomUserId}"]`).click({ timeout: 30_000 });
    const simCard = sim.locator(`[data-testid="sim-card-${card!.taskId}"]`);
    await simCard.waitFor({ timeout: 30_000 });
    expect(await simCard.innerText()).toContain('¥500.00');
    await scrollTo(simCard);
    await screenshot(sim, 'approval-06-sim-card');
    await sim.locator(`[data-testid="sim-card-button-${card!.taskId}-${approve!.key}"]`).click();
    const status = sim.locator(`[data-testid="sim-card-status-${card!.taskId}"]`);
    await status.waitFor({ timeout: 30_000 });
    expect((await status.innerText()).trim()).toContain('已同意');
    await scrollTo(simCard);
    await screenshot(sim, 'approval-07-sim-card-approved');

    // The manager's open page learns it on reload: no more buttons, and the badge is gone.
    await mgr.reload();
    await expect.poll(() => mgr.locator('[data-testid="approval-detail-status"]').innerText(), { timeout: 30_000 }).toBe('已通过');
    expect(await mgr.locator('[data-testid="approval-approve"]').count()).toBe(0);

    // ---- the rep's app: 已通过, with who decided ------------------------------------------------
    await rep.reload();
    await rep.locator('[data-testid="approval-detail"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => rep.locator('[data-testid="approval-detail-status"]').innerText(), { timeout: 30_000 }).toBe('已通过');
    expect(await rep.locator('[data-testid="approval-step-state-1-1"]').innerText()).toBe(`已同意 · ${manager.name}`);
    expect(await rep.locator('[data-testid="approval-withdraw"]').count()).toBe(0);
    await settle(rep);
    await screenshot(rep, 'approval-08-rep-approved');

    // 我发起的 says it too, and the customer's 费用 counts it.
    await rep.goto(url + '/#/pages/approvals/index?box=mine');
    const row = rep.locator(`[data-testid="approval-row-${approvalId}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await rep.locator(`[data-testid="approval-status-${approvalId}"]`).innerText()).toBe('已通过');
    await settle(rep);
    await screenshot(rep, 'approval-09-rep-list-mine');
    // 已通过 narrows 我发起的 to the approved ones (the server filters).
    await rep.locator('[data-testid="approval-status-chip-approved"]').click();
    await expect.poll(async () => {
      const statuses = await rep.locator('[data-testid^="approval-status-"]:not([data-testid^="approval-status-chip"])').allInnerTexts();
      return statuses.length > 0 && statuses.every((t) => t === '已通过');
    }, { timeout: 30_000 }).toBe(true);
    await row.waitFor();

    await rep.goto(`${url}/#/pages/customer-detail/index?id=${customerId}`);
    const expenses = rep.locator('[data-testid="customer-expenses"]');
    await rep.locator(`[data-testid="customer-expense-${approvalId}"]`).waitFor({ timeout: 30_000 });
    const spent = await call<{ totalFen: number; items: Array<{ approvalId: string }> }>('GET', `/api/customers/${customerId}/expenses`, repToken);
    expect(spent.items.map((i) => i.approvalId)).toContain(approvalId);
    expect(await rep.locator('[data-testid="customer-expenses-total"]').innerText()).toBe(`¥${(spent.totalFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    expect(await rep.locator(`[data-testid="customer-expense-${approvalId}"]`).innerText()).toContain('¥500.00');
    await scrollTo(expenses);
    await settle(rep);
    await screenshot(rep, 'approval-10-customer-expenses');
    // 申请费用 opens the form for this customer.
    await rep.locator('[data-testid="customer-expense-apply"]').click();
    await rep.locator('[data-testid="approval-new-page"]').waitFor({ timeout: 30_000 });
    expect((await rep.locator('[data-testid="approval-customer"]').innerText()).trim()).toBe(target.name);

    // The manager's report for the month lists the rep and the customer with the amount.
    await mgr.goto(url + '/#/pages/profile/index');
    await mgr.locator('[data-testid="profile-expense-report"]').click();
    await mgr.locator('[data-testid="report-total"]').waitFor({ timeout: 30_000 });
    expect(await mgr.locator('[data-testid="report-by-rep"]').innerText()).toContain(zhangsan.name);
    expect(await mgr.locator('[data-testid="report-by-customer"]').innerText()).toContain(target.name);
    await settle(mgr);
    await screenshot(mgr, 'approval-11-manager-report');

    expect(errors).toEqual([]);
  });

  it('should keep the rejected round in the timeline when the rep edits and resubmits after the manager rejects in the app', async () => {
    const errors: string[] = [];
    const lisi = users.find((u) => u.wecomUserId === 'lisi')!;
    const repToken = (await call<{ token: string }>('POST', '/api/auth/dev', null, { userId: lisi.id })).token;
    // 5,000 元 of travel: over the manager's 2,000 元, so the boss comes after him.
    const filed = await call<ApprovalView>('POST', '/api/approvals', repToken, { type: 'travel', amountFen: 500_000, reason: '深圳客户现场调研，往返机票与两晚住宿' });
    const levels = filed.steps.filter((s) => s.round === 1).sort((a, b) => a.level - b.level);
    expect(levels.length).toBe(2);
    const manager = users.find((u) => u.id === levels[0]!.approvers[0]!.id)!;

    const mgr = await loginAs(manager.wecomUserId, errors);
    await mgr.goto(`${url}/#/pages/approval-detail/index?id=${filed.id}`);
    await mgr.locator('[data-testid="approval-reject"]').waitFor({ timeout: 30_000 });
    expect(await mgr.locator('[data-testid="approval-step-state-1-2"]').innerText()).toBe('待审批');
    await settle(mgr);
    await screenshot(mgr, 'approval-12-manager-two-levels');

    // 驳回 needs a reason: the sheet refuses to send without one.
    await mgr.locator('[data-testid="approval-reject"]').click();
    await mgr.locator('[data-testid="reject-sheet"]').waitFor({ timeout: 10_000 });
    await mgr.locator('[data-testid="reject-submit"]').click();
    await mgr.locator('[data-testid="reject-error"]').waitFor();
    await mgr.locator('[data-testid="reject-reason-chip-0"]').click();
    await textarea(mgr, 'reject-reason-input').fill('住宿超出差旅标准');
    await screenshot(mgr, 'approval-13-manager-reject-sheet');
    await mgr.locator('[data-testid="reject-submit"]').click();
    await expect.poll(() => mgr.locator('[data-testid="approval-detail-status"]').innerText(), { timeout: 30_000 }).toBe('已驳回');
    expect(await mgr.locator('[data-testid="approval-step-state-1-1"]').innerText()).toBe(`已驳回 · ${manager.name}`);

    // The rep edits it (the form comes back filled) and resubmits: a second round, the first kept.
    const rep = await loginAs('lisi', errors);
    await rep.goto(`${url}/#/pages/approval-detail/index?id=${filed.id}`);
    await rep.locator('[data-testid="approval-resubmit"]').click({ timeout: 30_000 });
    await rep.locator('[data-testid="approval-new-page"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => field(rep, 'approval-amount').inputValue(), { timeout: 30_000 }).toBe('5000.00');
    expect(await rep.locator('[data-testid="approval-edit-note"]').innerText()).toContain(`${manager.name}驳回：金额偏高：住宿超出差旅标准`);
    await field(rep, 'approval-amount').fill('4200');
    await textarea(rep, 'approval-reason').fill('深圳客户现场调研，往返机票，住宿按标准一晚');
    await settle(rep);
    await screenshot(rep, 'approval-14-rep-edit');
    await rep.locator('[data-testid="approval-submit"]').click();
    await rep.locator('[data-testid="approval-detail"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => rep.locator('[data-testid="approval-detail-status"]').innerText(), { timeout: 30_000 }).toBe('审批中');
    expect(await rep.locator('[data-testid="approval-detail-amount"]').innerText()).toBe('¥4,200.00');
    await rep.locator('[data-testid="approval-round-2"]').waitFor({ timeout: 30_000 });
    expect(await rep.locator('[data-testid="approval-round-1"]').innerText()).toContain('住宿超出差旅标准');
    expect(await rep.locator('[data-testid="approval-step-state-2-1"]').innerText()).toBe('审批中');
    await rep.locator('[data-testid="approval-timeline"]').scrollIntoViewIfNeeded();
    await settle(rep);
    await screenshot(rep, 'approval-15-rep-round-two');

    const stored = await call<ApprovalView & { round: number }>('GET', `/api/approvals/${filed.id}`, repToken);
    expect(stored).toMatchObject({ status: 'pending', amountFen: 420_000, round: 2 });
    expect(errors).toEqual([]);
  });
});

/** A small receipt-like PNG, drawn by the browser (the server checks uploads by content). */
async function receiptPng(browser: Browser): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: 240, height: 320 } });
  await page.setContent(`<body style="margin:0;background:#f4f1ea;font:16px sans-serif;color:#333">
    <div style="padding:18px"><div style="font-size:20px;font-weight:bold;text-align:center">餐饮发票</div>
    <div style="margin-top:24px">杭州西湖国宾馆</div><div style="margin-top:8px">宴请 4 人</div>
    <div style="margin-top:40px;font-size:28px;font-weight:bold;text-align:right">¥500.00</div></div></body>`);
  const png = await page.screenshot({ type: 'png' });
  await page.close();
  return png;
}

/** The /sim chat re-renders when new cards arrive: scrolling for a screenshot retries on a fresh element. */
async function scrollTo(locator: { scrollIntoViewIfNeeded(opts?: { timeout?: number }): Promise<void> }): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await locator.scrollIntoViewIfNeeded({ timeout: 5_000 });
      return;
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
}
