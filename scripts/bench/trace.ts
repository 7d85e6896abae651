/**
 * A Chrome trace (what `browser.startTracing` / DevTools' Performance panel records) summarised as text:
 * the renderer main thread's tasks in time order, each with the work inside it by kind (script evaluation,
 * compilation, style, layout, paint, HTML parsing, GC), and the totals by kind.
 */
interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: Record<string, unknown>; cat?: string }

/** The trace event names counted, by the kind of work they are. */
const KINDS: Record<string, string> = {
  EvaluateScript: 'script', FunctionCall: 'script', TimerFire: 'script', FireAnimationFrame: 'script', EventDispatch: 'script',
  'v8.evaluateModule': 'script', RunMicrotasks: 'script', 'v8.run': 'script',
  'v8.compile': 'compile', 'v8.compileModule': 'compile', 'V8.CompileCode': 'compile', 'v8.produceCache': 'compile', 'V8.CompileLazy': 'compile',
  UpdateLayoutTree: 'style', RecalculateStyles: 'style', ParseAuthorStyleSheet: 'style',
  Layout: 'layout', PrePaint: 'paint', Paint: 'paint', Layerize: 'paint', UpdateLayer: 'paint', 'Commit': 'paint',
  ParseHTML: 'html', MinorGC: 'gc', MajorGC: 'gc', 'V8.GCScavenger': 'gc', 'V8.GC_MARK_COMPACTOR': 'gc',
};

const ms = (us: number) => (us / 1000).toFixed(0).padStart(5);

export function summariseTrace(trace: { traceEvents: TraceEvent[] } | TraceEvent[]): string {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const threadName = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, String((e.args as { name?: string })?.name));
  // The page's renderer main thread: the one that evaluated the app's script.
  const main = [...threadName].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k)
    .find((k) => events.some((e) => `${e.pid}:${e.tid}` === k && e.name === 'EvaluateScript' && /\/js\/app\./.test(String((e.args as { data?: { url?: string } })?.data?.url))));
  if (!main) return '  (no renderer main thread running the app in the trace)';
  const on = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const doc = events.find((e) => `${e.pid}:${e.tid}` === main && e.name === 'ResourceSendRequest' && (e.args as { data?: { priority?: string } })?.data?.priority === 'VeryHigh');
  // Navigation start, as the page's performance.now() counts: from the first-row mark when there is one.
  const mark = events.find((e) => e.name === 'wecrm:first-row' && `${e.pid}:${e.tid}` === main);
  const markAt = (mark?.args as { data?: { startTime?: number } } | undefined)?.data?.startTime;
  const t0 = mark && markAt !== undefined ? mark.ts - markAt * 1000 : (doc?.ts ?? on[0]?.ts ?? 0);
  const tasks = on.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) >= 3000);
  const lines: string[] = ['  main-thread tasks ≥ 3 ms (ms since navigation start: start → end, then the work inside by kind, outermost only):'];
  const totals = new Map<string, number>();
  for (const t of tasks) {
    const end = t.ts + t.dur!;
    const inside = on.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end && KINDS[e.name]);
    // Count an event only when no counted event of the same task encloses it (its time is already in the outer one),
    // except that compilation, style, layout and GC inside a script are moved out of the script's own figure.
    const byKind = new Map<string, number>();
    for (const e of inside) {
      const kind = KINDS[e.name]!;
      const encl = inside.find((o) => o !== e && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && (KINDS[o.name] === kind || KINDS[o.name] !== 'script'));
      if (encl) continue;
      byKind.set(kind, (byKind.get(kind) ?? 0) + e.dur!);
      if (kind !== 'script') {
        const outer = inside.find((o) => o !== e && KINDS[o.name] === 'script' && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur!);
        if (outer) byKind.set('script', (byKind.get('script') ?? 0) - e.dur!);
      }
    }
    for (const [k, v] of byKind) totals.set(k, (totals.get(k) ?? 0) + v);
    const parts = [...byKind].filter(([, v]) => v >= 500).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)}`).join(', ');
    const url = inside.find((e) => e.name === 'EvaluateScript')?.args as { data?: { url?: string } } | undefined;
    lines.push(`  ${ms(t.ts - t0)} → ${ms(end - t0)}  ${ms(t.dur!)} ms  ${parts}${url?.data?.url ? '  ' + url.data.url.replace(/^https?:\/\/[^/]+/, '') : ''}`);
  }
  if (mark) lines.push(`  first customer row in the DOM at ${ms(mark.ts - t0).trim()} ms`);
  const all = [...totals].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / 1000).toFixed(0)} ms`).join(', ');
  lines.push(`  main thread by kind: ${all}`);
  return lines.join('\n');
}
