import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorServer, type RunningSimulator } from '../testing/start-simulator-server.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulatorServer();
});
afterAll(() => sim.close());

const get = (path: string) => fetch(`${sim.origin}${path}`);
const PAGE_FILES = readdirSync(new URL('../page/', import.meta.url)).filter((f) => f !== 'sim-page.html');

/** The URLs a file refers to: the page's href/src attributes, a module's static imports. */
function references(text: string): string[] {
  return [...text.matchAll(/(?:href|src)="([^"]+)"|\bfrom\s+'([^']+)'|\bimport\s+'([^']+)'/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

describe('GET /sim (the chat page)', () => {
  it('should serve the page as HTML that is never cached when /sim is asked', async () => {
    const res = await get('/sim');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('data-testid="sim-clock"');
    expect(html).not.toMatch(/<script>|<style>/); // no inline code left
  });

  it('should load only its own stylesheet and modules, each with its content type and no-store, when followed from the page', async () => {
    const seen = new Set<string>();
    const queue = references(await (await get('/sim')).text()).map((ref) => new URL(ref, `${sim.origin}/sim`).href);
    while (queue.length) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      expect(new URL(url).origin).toBe(sim.origin); // nothing external
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const type = url.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
      expect(res.headers.get('content-type')).toBe(type);
      for (const ref of references(await res.text())) queue.push(new URL(ref, url).href);
    }
    // Every stylesheet and module in page/ is reached, so none is forgotten in the list the route serves.
    expect([...seen].map((u) => new URL(u).pathname).sort()).toEqual(PAGE_FILES.map((f) => `/sim/assets/${f}`).sort());
  });

  it.each([
    ['a file that is not one of the page\'s', '/sim/assets/unknown.js'],
    ['the page itself through the assets path', '/sim/assets/sim-page.html'],
    ['a path out of the folder', '/sim/assets/..%2Froutes%2Fpage.routes.ts'],
    ['a dotted path out of the folder', '/sim/assets/%2e%2e%2fsimulator.ts'],
    ['an object key', '/sim/assets/__proto__'],
    ['another object key', '/sim/assets/constructor'],
    ['a nested path', '/sim/assets/page/app.js'],
  ])('should answer 404 for %s', async (_case, path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('Not Found');
  });
});
