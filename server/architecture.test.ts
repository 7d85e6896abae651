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

describe('architecture', () => {
  it.each(['server', 'config', 'entities'])('should keep %s/ free of imports from bot/ (the bot depends on the server, never the reverse)', (top) => {
    const offenders = sources(join(ROOT, top)).flatMap((f) => importsOf(f).filter((i) => i.startsWith('bot/')).map((i) => `${relative(ROOT, f)} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('should find the imports it checks (the scan is not vacuous)', () => {
    expect(importsOf(join(ROOT, 'bot', 'runtime.ts')).some((i) => i.startsWith('server/'))).toBe(true);
  });
});
