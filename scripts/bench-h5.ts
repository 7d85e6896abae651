/**
 * H5 first-screen benchmark (issue 13): `npm run bench:h5`.
 *
 * Starts the app on the demo data (SQLite in a temporary directory, simulator mode, the H5 build in
 * miniprogram/dist/h5 — build it first with `npm run build:h5`), logs in once as the demo rep 张三
 * through the login picker, then measures BENCH_RUNS (5) cold openings of the app as that logged-in rep:
 * each in a fresh browser context (empty HTTP cache, Network.setCacheDisabled) under Chromium DevTools
 * network emulation (Network.emulateNetworkConditions: 6.7 Mbit/s down, 150 ms RTT). A run opens the
 * app's address (`/`, as the WeCom app menu does), which sends a logged-in rep to the customer list, and
 * stops when the first customer row is in the DOM (a MutationObserver installed before any script runs
 * records `performance.now()`, i.e. milliseconds since navigation start). Bytes transferred are the
 * encoded (on-the-wire) sizes of every response the page loaded until the network was idle for 500 ms.
 *
 * Prints each run, the median and the targets, and ends with one line
 * `BENCH_H5_RESULT {"medianMs": …, "transferredBytes": …}` (median of the runs' figures).
 *
 * Environment:
 *   BENCH_RUNS 5   BENCH_DOWN_MBPS 6.7   BENCH_UP_MBPS 1.5   BENCH_RTT_MS 150
 *   BENCH_H5_ROOT  another H5 build to serve (default: miniprogram/dist/h5)
 *   BENCH_H5_BASELINE  a second H5 build (e.g. main's, built in a worktree) measured in turns with the first,
 *                  run by run; its median and the ratio of the two are printed and added to the result line
 *   BENCH_VERBOSE  1: print each run's requests (start → end, relative to the first request), then the page's own
 *                  resource timings (since navigation start, the first row's clock)
 *   BENCH_PROFILE  a .cpuprofile path: the page's main-thread CPU profile of run 1 (open it in DevTools), top functions printed
 *   BENCH_TRACE    a .json path: a Chrome trace of run 1 (open it in DevTools' Performance panel); the renderer
 *                  main thread's work until the first row is printed as a timeline of its tasks
 *   CHROMIUM_PATH  /usr/bin/chromium
 */
import 'reflect-metadata';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { loadConfig } from '../config/config.ts';
import { Runtime, DEFAULT_H5_ROOT } from '../bot/runtime.ts';
import { AdjustableClock } from '../server/infra/clock.ts';
import { createLogger } from '../server/infra/logger.ts';
import { summariseProfile, type CpuProfile } from './bench/cpu-profile.ts';
import { summariseTrace } from './bench/trace.ts';

const env = process.env;
const num = (name: string, def: number): number => {
  const v = env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
};
const RUNS = Math.round(num('BENCH_RUNS', 5));
const DOWN_MBPS = num('BENCH_DOWN_MBPS', 6.7);
const UP_MBPS = num('BENCH_UP_MBPS', 1.5);
const RTT_MS = num('BENCH_RTT_MS', 150);
const H5_ROOT = env.BENCH_H5_ROOT ? resolve(env.BENCH_H5_ROOT) : DEFAULT_H5_ROOT;
const VERBOSE = env.BENCH_VERBOSE === '1';
const PROFILE = env.BENCH_PROFILE;
const TRACE = env.BENCH_TRACE;
const BASELINE_ROOT = env.BENCH_H5_BASELINE ? resolve(env.BENCH_H5_BASELINE) : undefined;
const TARGETS = { medianMs: 800, transferredBytes: 200 * 1024 };
const ROW = '[data-testid^="customer-row-"]';
const CONTEXT_OPTIONS = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN', isMobile: true, hasTouch: true };

const log = (line = '') => process.stdout.write(line + '\n');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Records, before any page script runs, when the first customer row enters the DOM. */
const FIRST_ROW_PROBE = `(() => {
  const sel = ${JSON.stringify(ROW)};
  const check = () => {
    if (window.__firstRowAt === undefined && document.querySelector(sel)) { window.__firstRowAt = performance.now(); performance.mark('wecrm:first-row'); obs.disconnect(); }
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { childList: true, subtree: true });
})();`;

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'loading', 'toplevel', 'blink.user_timing'];

interface Run { firstRowMs: number; transferredBytes: number; requests: number; byType: Record<string, number> }

async function measure(browser: Browser, url: string, storageState: Awaited<ReturnType<BrowserContext['storageState']>>, profileTo?: string, traceTo?: string): Promise<Run> {
  const context = await browser.newContext({ ...CONTEXT_OPTIONS, storageState });
  try {
    const page = await context.newPage();
    await page.addInitScript(FIRST_ROW_PROBE);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: RTT_MS,
      downloadThroughput: (DOWN_MBPS * 1_000_000) / 8,
      uploadThroughput: (UP_MBPS * 1_000_000) / 8,
    });
    const types = new Map<string, string>();
    let transferredBytes = 0;
    let requests = 0;
    const byType: Record<string, number> = {};
    let lastActivity = Date.now();
    let inFlight = 0;
    const started = new Map<string, { url: string; at: number }>();
    let t0 = 0;
    cdp.on('Network.requestWillBeSent', (e) => {
      inFlight++; lastActivity = Date.now();
      if (!t0) t0 = e.timestamp;
      started.set(e.requestId, { url: e.request.url.replace(url, ''), at: e.timestamp });
    });
    cdp.on('Network.responseReceived', (e) => { types.set(e.requestId, e.type ?? 'Other'); });
    cdp.on('Network.loadingFinished', (e) => {
      const s = started.get(e.requestId);
      if (VERBOSE && s) log(`    ${((s.at - t0) * 1000).toFixed(0).padStart(5)} → ${((e.timestamp - t0) * 1000).toFixed(0).padStart(5)} ms  ${(e.encodedDataLength / 1024).toFixed(1).padStart(6)} KB  ${s.url}`);
      inFlight--; lastActivity = Date.now(); requests++;
      transferredBytes += e.encodedDataLength;
      const t = types.get(e.requestId) ?? 'Other';
      byType[t] = (byType[t] ?? 0) + e.encodedDataLength;
    });
    cdp.on('Network.loadingFailed', () => { inFlight--; lastActivity = Date.now(); });

    if (profileTo) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    if (traceTo) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.goto(url + '/', { waitUntil: 'commit' });
    await page.locator(ROW).first().waitFor({ timeout: 60_000 });
    if (traceTo) {
      const trace = await browser.stopTracing();
      writeFileSync(traceTo, trace);
      log(`  trace of this run: ${traceTo}`);
      log(summariseTrace(JSON.parse(trace.toString('utf8'))));
    }
    if (profileTo) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(profileTo, JSON.stringify(profile));
      log(`  CPU profile of this run: ${profileTo}`);
      log(summariseProfile(profile as unknown as CpuProfile, 25));
    }
    const firstRowMs = await page.evaluate(() => (globalThis as unknown as { __firstRowAt: number }).__firstRowAt);
    if (VERBOSE) {
      // The same clock as the first row: milliseconds since navigation start, from the page's own timings.
      const timings = await page.evaluate(`performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
        .map((e) => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round(e.responseStart), Math.round(e.responseEnd)])`) as Array<[string, number, number, number]>;
      log(`    page timings (ms since navigation start: start, first byte, end); first row at ${firstRowMs.toFixed(0)}:`);
      for (const [name, start, first, end] of timings) if (!name.startsWith('data:')) log(`    ${String(start).padStart(5)} ${String(first).padStart(5)} ${String(end).padStart(5)}  ${name}`);
    }
    // Let whatever the first screen still loads finish: idle = nothing in flight for 500 ms.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (inFlight > 0 || Date.now() - lastActivity < 500)) await page.waitForTimeout(100);
    return { firstRowMs, transferredBytes, requests, byType };
  } finally {
    await context.close();
  }
}

interface Served { name: string; root: string; url: string; runtime: Runtime; storageState: Awaited<ReturnType<BrowserContext['storageState']>> }

/** The app on the demo data with the given H5 build, on its own port and database, and a rep logged in to it. */
async function serve(browser: Browser, name: string, root: string, dir: string): Promise<Served> {
  if (!existsSync(join(root, 'index.html'))) throw new Error(`No H5 build in ${root}: run \`npm run build:h5\` first.`);
  const config = { ...loadConfig({ WECOM_MODE: 'simulator', LOG_LEVEL: 'silent' }), database: { kind: 'sqlite' as const, path: join(dir, `${name}.sqlite`) } };
  const runtime = await Runtime.create(config, { clock: new AdjustableClock(), logger: createLogger('silent'), seedDemo: true, h5Root: root, kvPrefix: `wecrm:bench-h5:${process.pid}:${name}:` });
  try {
    const url = await runtime.listen(0, '127.0.0.1');
    // Log in once, unthrottled, through the demo picker: the runs start as a logged-in rep.
    const login = await browser.newContext(CONTEXT_OPTIONS);
    const page = await login.newPage();
    await page.goto(url + '/');
    await page.locator('[data-testid="dev-user-zhangsan"]').click({ timeout: 60_000 });
    await page.locator(ROW).first().waitFor({ timeout: 60_000 });
    const storageState = await login.storageState();
    await login.close();
    return { name, root, url, runtime, storageState };
  } catch (err) {
    await runtime.close();
    throw err;
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wecrm-bench-h5-'));
  const served: Served[] = [];
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    served.push(await serve(browser, 'build', H5_ROOT, dir));
    if (BASELINE_ROOT) served.push(await serve(browser, 'baseline', BASELINE_ROOT, dir));

    log(`H5 first screen: demo rep 张三, ${DOWN_MBPS} Mbit/s down, ${UP_MBPS} Mbit/s up, ${RTT_MS} ms RTT, cache disabled, fresh context per run`);
    for (const s of served) log(`${s.name}: ${s.root}`);
    if (BASELINE_ROOT) log('the two builds take turns, run by run, so that both meet the same machine load');
    const runs = new Map<string, Run[]>(served.map((s) => [s.name, []]));
    for (let i = 1; i <= RUNS; i++) {
      for (const s of served) {
        const first = i === 1 && s.name === 'build';
        const r = await measure(browser, s.url, s.storageState, first ? PROFILE : undefined, first ? TRACE : undefined);
        runs.get(s.name)!.push(r);
        const parts = Object.entries(r.byType).sort((a, b) => b[1] - a[1]).map(([t, b]) => `${t} ${kb(b)}`).join(', ');
        log(`  ${BASELINE_ROOT ? `${s.name.padEnd(8)} ` : ''}run ${i}: first customer row ${r.firstRowMs.toFixed(0)} ms, ${kb(r.transferredBytes)} transferred in ${r.requests} responses (${parts})`);
      }
    }
    const summary = (name: string) => {
      const rs = runs.get(name)!;
      return { medianMs: Math.round(median(rs.map((r) => r.firstRowMs))), transferredBytes: Math.round(median(rs.map((r) => r.transferredBytes))) };
    };
    const { medianMs, transferredBytes } = summary('build');
    log();
    log(`median first customer row: ${medianMs} ms (target ≤ ${TARGETS.medianMs} ms) ${medianMs <= TARGETS.medianMs ? 'OK' : 'MISSED'}`);
    log(`transferred: ${kb(transferredBytes)} (target ≤ ${kb(TARGETS.transferredBytes)}) ${transferredBytes <= TARGETS.transferredBytes ? 'OK' : 'MISSED'}`);
    const result: Record<string, number> = { medianMs, transferredBytes };
    if (BASELINE_ROOT) {
      const base = summary('baseline');
      const ratio = Math.round((medianMs / base.medianMs) * 100) / 100;
      log(`baseline build: median ${base.medianMs} ms, ${kb(base.transferredBytes)}; this build / baseline: ${ratio}×`);
      Object.assign(result, { baselineMedianMs: base.medianMs, baselineTransferredBytes: base.transferredBytes, ratio });
    }
    log(`BENCH_H5_RESULT ${JSON.stringify(result)}`);
  } finally {
    await browser?.close();
    for (const s of served) await s.runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
