import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The browser suite drives the real H5 build: build it once when it is missing. */
export default function setup(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (or set CHROMIUM_PATH).`);
  }
  if (!existsSync(join(ROOT, 'miniprogram', 'dist', 'h5', 'index.html')) || process.env.REBUILD_H5 === '1') {
    execFileSync('npm', ['run', 'build:h5'], { cwd: ROOT, stdio: 'inherit' });
  }
}
