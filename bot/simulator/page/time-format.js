// Times as a member in China reads them in WeCom.

const TZ = 'Asia/Shanghai';

const clockParts = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const messageTime = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/** "2026-03-05 周四 10:00:00", the simulated clock. */
export function formatClock(d) {
  const p = {};
  clockParts.formatToParts(d).forEach((x) => { p[x.type] = x.value; });
  return p.year + '-' + p.month + '-' + p.day + ' ' + p.weekday + ' ' + p.hour + ':' + p.minute + ':' + p.second;
}

/** "3/5 10:00", between messages and on updated cards. */
export function formatMessageTime(d) { return messageTime.format(d); }

/** "12-02 周三 09:10", a run or a delivery in the time-travel report. */
export function formatRunTime(d) {
  const p = {};
  clockParts.formatToParts(d).forEach((x) => { p[x.type] = x.value; });
  return p.month + '-' + p.day + ' ' + p.weekday + ' ' + p.hour + ':' + p.minute;
}
