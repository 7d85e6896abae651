// Post-build step of `npm run build:h5`: writes a brotli (.br) and a gzip (.gz) copy beside every
// compressible file of dist/h5, so the server sends precompressed bytes (server/http/static-files.ts)
// instead of compressing on each request. Copies that would not be smaller are not written.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const dir = join(import.meta.dirname, '..', 'dist', 'h5')
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.map', '.txt', '.ttf', '.ico'])
let raw = 0
let br = 0
let gz = 0
for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
  const file = join(dir, rel)
  if (rel.endsWith('.br') || rel.endsWith('.gz')) { rmSync(file); continue } // left by an older build
  if (!COMPRESSIBLE.has(extname(rel)) || !statSync(file).isFile()) continue
  const data = readFileSync(file)
  if (data.length < 256) continue
  const b = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } })
  const g = gzipSync(data, { level: 9 })
  raw += data.length
  if (b.length < data.length) { writeFileSync(file + '.br', b); br += b.length } else br += data.length
  if (g.length < data.length) { writeFileSync(file + '.gz', g); gz += g.length } else gz += data.length
}
const kb = (n) => `${(n / 1024).toFixed(0)} KiB`
console.log(`[compress-h5] ${kb(raw)} → brotli ${kb(br)}, gzip ${kb(gz)}`)
