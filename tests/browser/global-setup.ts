import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const H5_DIST = join(ROOT, 'miniprogram', 'dist', 'h5');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The browser suite drives the real H5 build: build it once when it is missing. Always as a
 * production build: vitest runs with NODE_ENV=test, and a build that inherits it keeps React
 * Refresh hooks that fail in the browser ("$RefreshReg$ is not defined").
 */
export default function setup(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (or set CHROMIUM_PATH).`);
  }
  if (!existsSync(join(H5_DIST, 'index.html')) || process.env.REBUILD_H5 === '1') {
    execFileSync('npm', ['run', 'build:h5'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
  const withRefresh = scriptsOf(H5_DIST).filter((file) => readFileSync(file, 'utf8').includes('$RefreshReg$'));
  if (withRefresh.length) {
    throw new Error(
      `The H5 build in ${H5_DIST} is a development build (React Refresh code in ${withRefresh.map((f) => f.slice(H5_DIST.length + 1)).join(', ')}); `
      + 'it fails in the browser with "$RefreshReg$ is not defined". Rebuild it for production: `npm run build:h5` (or REBUILD_H5=1 npm test).',
    );
  }
}

function scriptsOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => join(dir, f));
}
