/**
 * A V8 CPU profile (.cpuprofile, as `node --cpu-prof` or the inspector writes it) summarised as
 * text: the functions with the most self time, and self time by package / file.
 *   npx tsx scripts/bench/cpu-profile.ts some.cpuprofile [top]
 */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a script lives, shortened: a package name, or a path inside the project. */
function place(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url;
  const m = /\/(server|bot|entities|config|scripts)\/(.*)$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : url.replace(/^file:\/\//, '');
}

export function summariseProfile(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0; // a sample's time is the gap to the next one
    self.set(profile.samples[i]!, (self.get(profile.samples[i]!) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  for (const [id, us] of self) {
    const { callFrame: cf } = byId.get(id)!;
    const name = cf.functionName || '(anonymous)';
    const key = ['(idle)', '(program)', '(garbage collector)'].includes(name) ? name : `${name}  ${place(cf.url)}:${cf.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const p = cf.url ? place(cf.url) : name;
    pkg.set(p, (pkg.get(p) ?? 0) + us);
  }
  const rows = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([k, us]) => `  ${(us / 1000).toFixed(0).padStart(7)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`).join('\n');
  return [
    `profile: ${(total / 1000).toFixed(0)} ms sampled`,
    `top ${top} functions by self time:`, rows(fn, top),
    'self time by package / file:', rows(pkg, 25),
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  const { readFileSync } = await import('node:fs');
  const file = process.argv[2];
  if (!file) throw new Error('usage: cpu-profile.ts FILE.cpuprofile [top]');
  console.log(summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(process.argv[3] ?? 25)));
}
