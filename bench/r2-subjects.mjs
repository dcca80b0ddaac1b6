// What bench:download and bench:upload share: sizes and rates in words, a random file with its
// sha256, the Worker bundled as deployed with its state migrated, and Miniflare serving it beside
// a floor Worker (the same local R2, nothing else), plus the RSS of the workerd processes.
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { Miniflare } from 'miniflare'
import { unstable_readConfig } from 'wrangler'

const root = path.resolve(import.meta.dirname, '..')

/** "256MiB", "1GiB", "4096" in bytes, rounded to a multiple of `multiple`. */
export function parseSize(text, multiple = 1) {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)?$/i.exec(text ?? '')
  if (!m) throw new Error(`--size takes a size like 256MiB or 1GiB, got ${text}`)
  const unit = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase()]
  return Math.round((Number(m[1]) * unit) / multiple) * multiple
}

export const fmtBytes = (n) =>
  n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GiB` : `${(n / 1024 ** 2).toFixed(0)} MiB`
export const mbps = (bytes, ms) => bytes / 1024 ** 2 / (ms / 1000)

/** Writes `n` random bytes to a file, answering their sha256. */
export async function randomFile(file, n) {
  const hash = createHash('sha256')
  const out = createWriteStream(file)
  for (let left = n; left > 0;) {
    const chunk = randomBytes(Math.min(left, 8 * 1024 * 1024))
    hash.update(chunk)
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r))
    left -= chunk.length
  }
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())))
  return hash.digest('hex')
}

/** Bundles the Worker as deployed into <work>/worker and migrates local D1 under `stateDir`. */
function bundleWorker(work, stateDir) {
  const outdir = path.join(work, 'worker')
  mkdirSync(path.join(root, 'dist/web'), { recursive: true })
  const env = {
    ...process.env,
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_SEND_METRICS: 'false',
    CI: 'true',
  }
  const wrangler = path.join(root, 'node_modules/.bin/wrangler')
  const built = spawnSync(wrangler, ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: root,
    env,
    encoding: 'utf8',
  })
  if (built.status !== 0) throw new Error(`bundling failed:\n${built.stdout}\n${built.stderr}`)
  const migrated = spawnSync(
    wrangler,
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir],
    { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
  )
  if (migrated.status !== 0)
    throw new Error(`migrations failed:\n${migrated.stdout}\n${migrated.stderr}`)
  return outdir
}

/**
 * The Worker (as deployed, with wrangler.toml's bindings and `bindings` on top) and the floor
 * Worker `floorScript`, served by one Miniflare on the same local D1 and R2 under `stateDir`,
 * each on its own socket. Answers { mf, origin, floor }; dispose `mf` when done.
 */
export async function startSubjectAndFloor({ work, stateDir, port, floorScript, bindings = {} }) {
  const outdir = bundleWorker(work, stateDir)
  const config = unstable_readConfig({ config: path.join(root, 'wrangler.toml') })
  const d1 = config.d1_databases.find((d) => d.binding === 'DB')
  const r2 = config.r2_buckets.find((b) => b.binding === 'BUCKET')
  const mf = new Miniflare({
    d1Persist: path.join(stateDir, 'v3/d1'),
    r2Persist: path.join(stateDir, 'v3/r2'),
    host: '127.0.0.1',
    port,
    workers: [
      {
        name: 'modelport',
        modules: true,
        scriptPath: path.join(outdir, 'index.js'),
        modulesRoot: outdir,
        compatibilityDate: config.compatibility_date,
        compatibilityFlags: config.compatibility_flags ?? [],
        d1Databases: { DB: d1.database_id },
        r2Buckets: { BUCKET: r2.bucket_name },
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
        bindings: { ...config.vars, ...bindings },
      },
      {
        name: 'floor',
        modules: true,
        script: floorScript,
        compatibilityDate: config.compatibility_date,
        r2Buckets: { BUCKET: r2.bucket_name },
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      },
    ],
  })
  await mf.ready.catch(async (err) => {
    await mf.dispose().catch(() => {})
    throw err
  })
  const origin = (await mf.unsafeGetDirectURL('modelport')).origin
  const floor = (await mf.unsafeGetDirectURL('floor')).origin
  return { mf, origin, floor }
}

/** RSS in bytes of the workerd processes that descend from `pid`. */
export function workerdRss(pid = process.pid) {
  const parents = new Map()
  const rss = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8')
      parents.set(Number(name), Number(/^PPid:\s*(\d+)/m.exec(status)[1]))
      if (/^Name:\s*workerd/m.test(status))
        rss.set(Number(name), Number(/^VmRSS:\s*(\d+)/m.exec(status)?.[1] ?? 0) * 1024)
    } catch {}
  }
  let total = 0
  for (const [p, bytes] of rss)
    for (let q = p; q; q = parents.get(q))
      if (q === pid) {
        total += bytes
        break
      }
  return total
}
