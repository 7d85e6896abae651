// The time-travel report panel: every job run on the way (business time), and what each member got.
// Everything shown is what POST /sim/api/clock/travel answered; the page only lays it out.
import { el, h } from './dom.js';
import { formatClock, formatRunTime } from './time-format.js';

/** Runs that changed nothing are many (the hourly sweep alone is 24 a day): listed on demand. */
function isNoteworthy(run) { return !!run.error || !!(run.summary && run.summary.affected); }

function runRow(run, index) {
  return h('li', { class: 'run' + (run.error ? ' failed' : isNoteworthy(run) ? ' did' : ''), 'data-testid': 'sim-travel-run-' + index, 'data-job': run.job, title: run.job + ' · 用时 ' + run.ms + ' ms' }, [
    h('span', { class: 'run-at', text: formatRunTime(new Date(run.at)) }),
    h('span', { class: 'run-text', text: run.text }),
  ]);
}

function runList(runs, showAll) {
  const list = h('ol', { class: 'runs', 'data-testid': 'sim-travel-runs' });
  runs.forEach((run, i) => { if (showAll || isNoteworthy(run)) list.appendChild(runRow(run, i)); });
  if (!list.firstChild) list.appendChild(h('li', { class: 'empty-line', text: '途中没有任务产生变化' }));
  return list;
}

function memberBlock(d, onSelectMember) {
  return h('details', { class: 'delivery', 'data-testid': 'sim-travel-deliveries-' + d.userid }, [
    h('summary', {}, [
      h('span', { class: 'who', text: d.name + '（' + d.userid + '）' }),
      h('span', { class: 'badge', text: d.count + ' 条' }),
      h('button', { class: 'linkish open-chat', text: '查看聊天', onclick: (e) => { e.preventDefault(); onSelectMember(d.userid); } }),
    ]),
    h('ol', { class: 'cards' }, d.cards.map((c) => h('li', {}, [h('span', { class: 'run-at', text: formatRunTime(new Date(c.at)) }), h('span', { text: c.title || '（无标题）' })]))),
  ]);
}

/** Shows `report` in the panel; `onSelectMember(userid)` opens that member's chat. */
export function showTravelReport(report, onSelectMember) {
  const panel = el('travelReport');
  let showAll = false;
  const noteworthy = report.runs.filter(isNoteworthy).length;
  const runsBox = h('div', {});
  const toggle = h('button', { class: 'linkish', 'data-testid': 'sim-travel-show-all' });
  const drawRuns = () => {
    runsBox.textContent = '';
    runsBox.appendChild(runList(report.runs, showAll));
    toggle.textContent = showAll ? '只看有变化的 ' + noteworthy + ' 次' : '显示全部 ' + report.runs.length + ' 次运行';
  };
  toggle.addEventListener('click', () => { showAll = !showAll; drawRuns(); });
  drawRuns();
  const delivered = report.deliveries.reduce((n, d) => n + d.count, 0);
  panel.textContent = '';
  panel.appendChild(h('div', { class: 'panel-head' }, [
    h('div', {}, [
      h('div', { class: 'panel-title', text: '时间旅行报告' }),
      h('div', { class: 'panel-sub', text: formatClock(new Date(report.from)) + ' → ' + formatClock(new Date(report.to)) }),
    ]),
    h('button', { class: 'close', 'aria-label': '关闭', 'data-testid': 'sim-travel-report-close', text: '×', onclick: hideTravelReport }),
  ]));
  panel.appendChild(h('div', { class: 'panel-body' }, [
    h('p', { class: 'panel-summary', 'data-testid': 'sim-travel-summary',
      text: '任务运行 ' + report.runs.length + ' 次（' + noteworthy + ' 次有变化），' + delivered + ' 条消息送达 ' + report.deliveries.length + ' 位成员；用时 ' + (report.elapsedMs / 1000).toFixed(1) + ' 秒' }),
    h('h3', {}, ['任务运行', toggle]),
    runsBox,
    h('h3', { text: '送达的消息' }),
    report.deliveries.length
      ? h('div', { class: 'deliveries' }, report.deliveries.map((d) => memberBlock(d, onSelectMember)))
      : h('div', { class: 'empty-line', text: '途中没有消息送达' }),
  ]));
  panel.classList.add('show');
}

export function hideTravelReport() { el('travelReport').classList.remove('show'); }
