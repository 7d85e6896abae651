// Prints the size of the weapp main package (miniprogram/dist/weapp without its subpackages, source
// maps excluded as the WeChat upload excludes them) against WeChat's 2 MB limit; fails above it.
// Run after `npm run build:weapp` (CI does: .ci/run).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const dir = join(import.meta.dirname, '..', 'miniprogram', 'dist', 'weapp')
const LIMIT = 2 * 1024 * 1024
if (!existsSync(join(dir, 'app.json'))) {
  console.error(`No weapp build in ${dir}: run \`npm run build:weapp\` first.`)
  process.exit(1)
}
const app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8'))
const subRoots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((p) => String(p.root).replace(/\/?$/, '/'))
let main = 0
let sub = 0
for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
  const file = join(dir, rel)
  if (rel.endsWith('.map') || !statSync(file).isFile()) continue
  const size = statSync(file).size
  if (subRoots.some((root) => rel.replace(/\\/g, '/').startsWith(root))) sub += size
  else main += size
}
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`
console.log(`weapp main package: ${kib(main)} of ${kib(LIMIT)} (${((main / LIMIT) * 100).toFixed(0)}%)${subRoots.length ? `, subpackages ${kib(sub)}` : ''}`)
if (main > LIMIT) {
  console.error('weapp main package is over the 2 MB limit')
  process.exit(1)
}
