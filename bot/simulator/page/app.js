// The /sim page: members on the left, the chosen member's chat, the clock, jobs and faults on top.
// Everything it shows comes from the control API, polled every POLL_MS.
import { renderCard, renderText } from './card.js';
import { banner, el, h, toast } from './dom.js';
import { api, BASE } from './http.js';
import { formatClock, formatMessageTime, formatRunTime } from './time-format.js';
import { showTravelReport } from './travel-report.js';

const POLL_MS = 2000;
const AVATAR_COLORS = ['#2b6cf0', '#07a35a', '#e5841a', '#8d5cf6', '#e0457b', '#1598a8', '#6b7a90'];
const STATUS_LABEL = { 2: '已禁用', 4: '未激活', 5: '已离职' };

const state = { members: [], stats: {}, statsJson: '', selected: null, signature: '', openMenu: null };

// ---- members -----------------------------------------------------------------------------
function loadMembers() {
  return api('GET', '/members').then((data) => {
    state.members = data.items || [];
    if (!state.selected) {
      const fromHash = decodeURIComponent(location.hash.slice(1));
      const wanted = fromHash || localStorage.getItem('sim.member') || '';
      const match = state.members.filter((m) => m.userid.toLowerCase() === wanted.toLowerCase())[0];
      if (match) state.selected = match.userid;
    }
    renderMembers();
  });
}

function renderMembers() {
  const list = el('members');
  list.textContent = '';
  if (!state.members.length) { list.appendChild(h('div', { class: 'empty', style: 'margin-top:20px', text: '通讯录为空' })); return; }
  state.members.forEach((m, i) => {
    const counts = state.stats[m.userid] || state.stats[m.userid.toLowerCase()] || null;
    let badge = null;
    if (counts && counts.dropped) badge = h('span', { class: 'badge warn', title: '超出频率限制被静默丢弃的消息', text: '丢弃 ' + counts.dropped });
    else if (counts && counts.delivered) badge = h('span', { class: 'badge', title: '收到的消息', text: String(counts.delivered) });
    const sub = [m.userid, m.position, STATUS_LABEL[m.status]].filter(Boolean).join(' · ');
    list.appendChild(h('button', {
      class: 'member' + (m.userid === state.selected ? ' active' : '') + (m.status !== 1 ? ' inactive' : ''),
      'data-testid': 'sim-member-' + m.userid,
      onclick: () => { selectMember(m.userid); },
    }, [
      h('span', { class: 'avatar', style: 'background:' + AVATAR_COLORS[i % AVATAR_COLORS.length], text: (m.name || m.userid).slice(-2) }),
      h('span', { class: 'meta' }, [h('div', { class: 'name', text: m.name }), h('div', { class: 'sub', text: sub })]),
      badge,
    ]));
  });
}

function selectMember(userid) {
  state.selected = userid; state.signature = ''; state.openMenu = null;
  try { localStorage.setItem('sim.member', userid); } catch (e) { /* private mode */ }
  history.replaceState(null, '', '#' + encodeURIComponent(userid));
  renderMembers();
  state.groupsJson = '';
  loadGroups().catch(() => undefined);
  refreshChat(true);
}

// ---- group chats: the app's team groups (appchat) and the customer groups ---------------------
const APPCHAT = 'appchat:';
state.groupsJson = '';
function loadGroups() {
  return Promise.all([api('GET', '/appchats'), api('GET', '/external-groups')]).then(([app, ext]) => {
    const next = JSON.stringify([app.items, ext.items]);
    if (next === state.groupsJson) return;
    state.groupsJson = next;
    renderGroups(app.items || [], ext.items || []);
  });
}

function renderGroups(appChats, customerGroups) {
  const list = el('groups');
  list.textContent = '';
  if (!appChats.length && !customerGroups.length) { list.appendChild(h('div', { class: 'empty', style: 'margin-top:12px', text: '暂无群聊' })); return; }
  appChats.forEach((c) => {
    list.appendChild(h('button', {
      class: 'member' + (state.selected === APPCHAT + c.chatId ? ' active' : ''),
      'data-testid': 'sim-appchat-' + c.chatId,
      onclick: () => { selectMember(APPCHAT + c.chatId); },
    }, [
      h('span', { class: 'avatar', style: 'background:#07a35a', text: '作战' }),
      h('span', { class: 'meta' }, [h('div', { class: 'name', text: c.name || c.chatId }), h('div', { class: 'sub', text: '应用群聊 · ' + c.members.length + ' 人' })]),
      c.messageCount ? h('span', { class: 'badge', text: String(c.messageCount) }) : null,
    ]));
  });
  customerGroups.forEach((g) => {
    list.appendChild(h('a', {
      class: 'member', href: BASE + '/sidebar?userId=' + encodeURIComponent(g.owner) + '&chatId=' + encodeURIComponent(g.chatId),
      'data-testid': 'sim-customer-group-' + g.chatId, title: '以群主身份打开该客户群的聊天侧边栏',
    }, [
      h('span', { class: 'avatar', style: 'background:#e5841a', text: '客群' }),
      h('span', { class: 'meta' }, [h('div', { class: 'name', text: g.name }), h('div', { class: 'sub', text: '客户群 · 群主 ' + g.owner + ' · ' + g.memberCount + ' 人 · 侧边栏 ›' })]),
    ]));
  });
}

// ---- chat --------------------------------------------------------------------------------
/** Redraws the chat only when a message arrived or changed (or when asked to scroll to the end). */
function refreshChat(scrollToEnd) {
  if (!state.selected) return Promise.resolve();
  if (state.selected.indexOf(APPCHAT) === 0) return refreshAppChat(scrollToEnd);
  const member = state.members.filter((m) => m.userid === state.selected)[0];
  el('chatTitle').textContent = member ? member.name + '（' + member.userid + '）' : state.selected;
  return api('GET', '/messages?limit=200&touser=' + encodeURIComponent(state.selected)).then((data) => {
    const items = (data.items || []).slice().reverse(); // newest at the bottom
    const signature = state.selected + '|' + items.map((m) => m.msgid + '@' + (m.updatedAt || '')).join(',');
    if (signature === state.signature && !scrollToEnd) return;
    state.signature = signature;
    renderChat(items, scrollToEnd);
  });
}

/** What the app posted into one of its group chats (the customers' team groups). */
function refreshAppChat(scrollToEnd) {
  const chatId = state.selected.slice(APPCHAT.length);
  return api('GET', '/appchats/' + encodeURIComponent(chatId) + '/messages').then((data) => {
    el('chatTitle').textContent = (data.name || chatId) + '（' + data.members.join('、') + '）';
    const items = (data.items || []).slice().reverse();
    const signature = state.selected + '|' + items.map((m) => m.msgid).join(',');
    if (signature === state.signature && !scrollToEnd) return;
    state.signature = signature;
    renderChat(items, scrollToEnd);
  });
}

/** The next poll draws the chat again even when no message changed (a menu opened or closed). */
function redraw() { state.signature = ''; refreshChat(false); }

const cardActions = {
  get openMenu() { return state.openMenu; },
  toggleMenu(taskId) { state.openMenu = state.openMenu === taskId ? null : taskId; redraw(); },
  closeMenu() { state.openMenu = null; },
  clickKey,
};

function renderChat(items, scrollToEnd) {
  const chat = el('chat');
  const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 40;
  const selects = {};
  chat.querySelectorAll('select[data-task]').forEach((s) => { selects[s.getAttribute('data-task')] = s.value; });
  chat.textContent = '';
  if (!items.length) { chat.appendChild(h('div', { class: 'empty', text: '暂无消息' })); return; }
  let last = 0;
  items.forEach((m) => {
    const t = Date.parse(m.sentAt);
    if (t - last > 5 * 60000) chat.appendChild(h('div', { class: 'time-sep', text: formatMessageTime(new Date(t)) }));
    last = t;
    const body = m.msgtype === 'template_card' ? renderCard(m, selects, cardActions) : renderText(m);
    chat.appendChild(h('div', { class: 'msg', 'data-msgid': m.msgid }, [h('div', { class: 'app-avatar', text: 'CRM' }), body]));
  });
  if (scrollToEnd || atBottom) chat.scrollTop = chat.scrollHeight;
}

/** A click on a card button or menu item, called back to the app as WeCom would (encrypted, signed). */
function clickKey(m, key, button) {
  const body = { userId: m.touser, key };
  const select = document.querySelector('select[data-task="' + (window.CSS && CSS.escape ? CSS.escape(m.taskId) : m.taskId) + '"]');
  if (select && select.value) body.selectedOptionId = select.value;
  if (button) button.disabled = true;
  api('POST', '/cards/' + encodeURIComponent(m.taskId) + '/click', body).then((res) => {
    toast(res.status === 200 ? '已回调应用服务器（HTTP 200）' : '应用服务器回调返回 HTTP ' + res.status, res.status !== 200);
  }).catch((err) => {
    toast('点击失败：' + err.message, true);
  }).then(() => {
    if (button) button.disabled = false;
    // The server answers the callback at once and updates the card right after.
    [150, 600, 1500].forEach((ms) => { setTimeout(redraw, ms); });
  });
}

// ---- header: clock, time travel, jobs, faults ----------------------------------------------
function refreshClock() {
  return api('GET', '/clock').then((data) => { el('clock').textContent = formatClock(new Date(data.now)); el('clock').setAttribute('data-now', data.now); });
}

function runJob(job) {
  return api('POST', '/jobs/' + encodeURIComponent(job.name) + '/run').then((summary) => {
    const affected = summary && summary.affected !== undefined ? '，影响 ' + summary.affected + ' 条' : '';
    toast('任务「' + job.label + '」已运行' + affected);
    return summary;
  });
}

let jobs = [];
function loadJobs() {
  api('GET', '/jobs').then((data) => {
    jobs = (data.items || []).map((j) => ({ name: j.name, label: j.label || j.name, description: j.description || '' }));
    const box = el('jobs');
    el('jobsEmpty').remove();
    if (!jobs.length) box.appendChild(h('span', { class: 'label', text: '无' }));
    jobs.forEach((job) => {
      box.appendChild(h('button', { class: 'tb-btn', 'data-testid': 'sim-job-' + job.name, title: job.name + ' — ' + job.description, text: job.label,
        onclick: (e) => {
          const b = e.currentTarget; b.disabled = true;
          runJob(job).catch((err) => { toast('任务失败：' + err.message, true); }).then(() => { b.disabled = false; tick(); });
        } }));
    });
  }).catch(() => { el('jobsEmpty').textContent = '不可用'; });
}

// Time travel: the server walks the clock through every job's fire times and dispatches the outbox
// on the way (POST /clock/travel); meanwhile the page shows where the travel is, then the report.
let lastReport = null;
function showProgress() {
  return api('GET', '/clock/travel').then((p) => {
    el('travelProgress').textContent = p.running ? '时间旅行中… ' + formatRunTime(new Date(p.at)) + '（' + p.stepsDone + '/' + p.steps + '）' : '';
    return p.running;
  });
}

function travel(days) {
  const buttons = document.querySelectorAll('[data-days]');
  buttons.forEach((b) => { b.disabled = true; });
  el('travelProgress').textContent = '时间旅行中…';
  const poll = setInterval(() => { showProgress().catch(() => undefined); }, 400);
  return api('POST', '/clock/travel', { days }).then((report) => {
    lastReport = report;
    el('clock').textContent = formatClock(new Date(report.to));
    el('showTravelReport').hidden = false;
    showTravelReport(report, selectMember);
    toast('时间前进 ' + days + ' 天：任务运行 ' + report.runs.length + ' 次');
  }).catch((err) => { toast('时间旅行失败：' + err.message, true); }).then(() => {
    clearInterval(poll);
    el('travelProgress').textContent = '';
    buttons.forEach((b) => { b.disabled = false; });
    state.signature = '';
    tick();
  });
}

document.querySelectorAll('[data-days]').forEach((b) => {
  b.addEventListener('click', () => { travel(Number(b.getAttribute('data-days'))); });
});
el('showTravelReport').addEventListener('click', () => { if (lastReport) showTravelReport(lastReport, selectMember); });

el('failRate').addEventListener('input', () => { el('failRateLabel').textContent = el('failRate').value + '%'; });
el('applyFaults').addEventListener('click', () => {
  const rate = Number(el('failRate').value) / 100;
  api('POST', '/faults', { failRate: rate }).then(() => {
    toast(rate ? '接口故障率已设为 ' + Math.round(rate * 100) + '%' : '接口已恢复正常');
  }).catch((err) => { toast('设置失败：' + err.message, true); });
});
api('GET', '/faults').then((data) => {
  const pct = Math.round(((data.faults && data.faults.failRate) || 0) * 100);
  el('failRate').value = String(pct); el('failRateLabel').textContent = pct + '%';
}).catch(() => { /* shown by the banner on the next tick */ });

document.addEventListener('click', (e) => {
  if (state.openMenu && !e.target.closest('.menu, .menu-btn')) { state.openMenu = null; redraw(); }
});
window.addEventListener('hashchange', () => {
  const wanted = decodeURIComponent(location.hash.slice(1));
  if (wanted && wanted !== state.selected) selectMember(wanted);
});

// ---- customers (客户联系) and departures ------------------------------------------------------
el('addCustomer').addEventListener('click', () => {
  if (!state.selected) { toast('请先选择成员', true); return; }
  const name = window.prompt('客户姓名（如 王总）');
  if (!name) return;
  const corpName = window.prompt('客户公司（可留空）') || undefined;
  const mobile = window.prompt('备注手机号（可留空）') || undefined;
  api('POST', '/external-contacts', { userId: state.selected, name, corpName, mobile }).then((res) => {
    toast('客户已添加 ' + state.selected + '（' + res.externalUserId + '）');
    [300, 1000, 2500].forEach((ms) => { setTimeout(redraw, ms); });
  }).catch((err) => { toast('添加失败：' + err.message, true); });
});
el('openSidebar').addEventListener('click', () => {
  if (!state.selected || state.selected.indexOf(APPCHAT) === 0) { toast('请先选择成员', true); return; }
  api('GET', '/external-contacts?userId=' + encodeURIComponent(state.selected)).then((data) => {
    const items = data.items || [];
    if (!items.length) { toast('该成员还没有企业微信客户', true); return; }
    let pick = items[0];
    if (items.length > 1) {
      const answer = window.prompt('打开与哪位客户的单聊？输入序号\n' + items.map((c, i) => (i + 1) + '. ' + c.name + (c.corpName ? '（' + c.corpName + '）' : '')).join('\n'), '1');
      if (!answer) return;
      pick = items[Number(answer) - 1];
      if (!pick) { toast('序号不正确', true); return; }
    }
    location.href = BASE + '/sidebar?userId=' + encodeURIComponent(state.selected) + '&externalUserId=' + encodeURIComponent(pick.externalUserId);
  }).catch((err) => { toast('无法读取客户：' + err.message, true); });
});
el('memberLeave').addEventListener('click', () => {
  if (!state.selected) { toast('请先选择成员', true); return; }
  if (!window.confirm('让 ' + state.selected + ' 离职？企业微信会通知应用（delete_user）。')) return;
  api('POST', '/members/' + encodeURIComponent(state.selected) + '/leave').then(() => {
    toast(state.selected + ' 已离职');
    return loadMembers();
  }).catch((err) => { toast('操作失败：' + err.message, true); });
});

// ---- polling -------------------------------------------------------------------------------
let ticking = false;
function tick() {
  if (ticking) return Promise.resolve();
  ticking = true;
  return Promise.all([
    refreshClock(),
    api('GET', '/messages/stats').then((data) => {
      const next = JSON.stringify(data.members || {});
      if (next !== state.statsJson) { state.statsJson = next; state.stats = data.members || {}; renderMembers(); }
    }),
    refreshChat(false),
    loadGroups(),
  ]).then(() => { banner(''); }).catch((err) => {
    banner('无法连接模拟器：' + err.message);
  }).then(() => { ticking = false; });
}

loadMembers().then(() => refreshChat(true)).catch((err) => { banner('无法加载通讯录：' + err.message); });
loadJobs();
tick();
setInterval(tick, POLL_MS);
