import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.(ts|mts|mjs)$/.test(name) ? [path] : [];
  });
}

/** Every relative import of a file, resolved against the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return specs.map((s) => relative(ROOT, resolve(join(file, '..'), s)));
}

/** The folder under server/ a file belongs to, or null (files at server/'s root). */
const folderOf = (path: string): string | null => {
  const parts = path.split('/');
  return parts[0] === 'server' && parts.length > 2 ? parts[1]! : null;
};

/**
 * Folder → folders it imports, over server/'s code. Tests and the wiring are left out: a
 * capability's `*.module.ts` and server/modules/ (the list of capabilities) sit above every
 * folder by design; what must stay acyclic is the code they wire together.
 */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources(join(ROOT, 'server'))) {
    const path = relative(ROOT, file);
    const from = folderOf(path);
    if (!from || from === 'modules' || /\.test\.ts$|\.module\.ts$/.test(path)) continue;
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const target of importsOf(file)) {
      const to = folderOf(target);
      if (to && to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Every cycle's folders in order (one per strongly connected group), found by DFS. */
function cyclesOf(graph: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('architecture', () => {
  it.each(['server', 'config', 'entities'])('should keep %s/ free of imports from bot/ (the bot depends on the server, never the reverse)', (top) => {
    const offenders = sources(join(ROOT, top)).flatMap((f) => importsOf(f).filter((i) => i.startsWith('bot/')).map((i) => `${relative(ROOT, f)} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('should keep the capability folders free of import cycles (customers never imports pool; auth, users and customers stay layered)', () => {
    expect(cyclesOf(folderGraph()).map((c) => c.join(' → '))).toEqual([]);
  });

  it('should find a cycle when there is one (the check is not vacuous)', () => {
    const graph = folderGraph();
    expect(graph.get('pool')?.has('customers')).toBe(true);
    graph.get('customers')!.add('pool');
    expect(cyclesOf(graph).map((c) => c.join(' → '))).toContainEqual(expect.stringMatching(/customers → pool → customers|pool → customers → pool/));
  });

  it('should find the imports it checks (the scan is not vacuous)', () => {
    expect(importsOf(join(ROOT, 'bot', 'runtime.ts')).some((i) => i.startsWith('server/'))).toBe(true);
  });
});
