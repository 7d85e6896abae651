// `npm start` serves the H5 app: build it once when a fresh clone has no build yet. Always for
// production, whatever NODE_ENV the caller has: a development build keeps React Refresh hooks.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
if (!existsSync(join(root, 'miniprogram', 'dist', 'h5', 'index.html'))) {
  console.log('Building the H5 app (first start only)…');
  execFileSync('npm', ['run', 'build:h5'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
