// npm run bench:upload [-- --size 1GiB] — upload throughput of one file through the Worker's
// upload target (StartBlobUpload, then one PUT with Content-Range, as kagglehub sends it: R2
// multipart parts, sha256 and MD5 on the way, the declared sha256 checked), next to a floor
// measured in the same run on the same local R2: a Worker that only does
// `BUCKET.put(key, request.body)`. Both bodies are streamed from disk by curl (-T). The Worker's
// peak memory is the largest RSS seen of the workerd processes while it receives (every 20 ms).
import { spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Miniflare } from 'miniflare'
import { unstable_readConfig } from 'wrangler'

const root = path.resolve(import.meta.dirname, '..')
const args = process.argv.slice(2)
const size = args.includes('--size') ? parseSize(args[args.indexOf('--size') + 1]) : 1024 ** 3
const port = Number(process.env.BENCH_PORT ?? 8798)
const adminToken = 'bench-upload-admin-token'

function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)?$/i.exec(text ?? '')
  if (!m) throw new Error(`--size takes a size like 256MiB or 1GiB, got ${text}`)
  const unit = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase()]
  return Math.round(Number(m[1]) * unit)
}

const fmtBytes = (n) =>
  n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GiB` : `${(n / 1024 ** 2).toFixed(0)} MiB`
const mbps = (bytes, ms) => bytes / 1024 ** 2 / (ms / 1000)

const work = mkdtempSync(path.join(tmpdir(), 'modelport-bench-upload-'))
const stateDir = path.join(work, 'state')

async function randomFile(file, n) {
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

function bundleWorker() {
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

// the floor: the request body straight into R2, and nothing else
const floorWorker = `
export default {
  async fetch(request, env) {
    const put = await env.BUCKET.put(new URL(request.url).pathname.slice(1), request.body)
    return Response.json({ size: put.size })
  },
}`

/** RSS in bytes of this process's workerd descendants. */
function workerdRss() {
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
      if (q === process.pid) {
        total += bytes
        break
      }
  return total
}

/** curl -T: the file streamed from disk as the PUT body; answers status and body. */
function curlPut(url, file, headers) {
  return new Promise((resolve, reject) => {
    const args = ['-s', '-T', file, '-H', 'Expect:', '-w', '\\n%{http_code}', url]
    for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`)
    const child = spawn('curl', args)
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`curl exited ${code}`)),
    )
  })
}

async function measure(put) {
  let peak = 0
  const sampler = setInterval(() => (peak = Math.max(peak, workerdRss())), 20)
  const t0 = performance.now()
  const out = await put()
  const ms = performance.now() - t0
  clearInterval(sampler)
  return { out, ms, mbps: mbps(size, ms), peak }
}

async function main() {
  console.log(`bench:upload, ${fmtBytes(size)}, in ${work}`)
  const file = path.join(work, 'upload.bin')
  const sha256 = await randomFile(file, size)
  const outdir = bundleWorker()
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
        bindings: { ...config.vars, ADMIN_TOKEN: adminToken },
      },
      {
        name: 'floor',
        modules: true,
        script: floorWorker,
        compatibilityDate: config.compatibility_date,
        r2Buckets: { BUCKET: r2.bucket_name },
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      },
    ],
  })
  try {
    await mf.ready
    const origin = (await mf.unsafeGetDirectURL('modelport')).origin
    const floor = (await mf.unsafeGetDirectURL('floor')).origin
    const made = await fetch(`${origin}/api/v1/admin/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', email: 'bench@example.test' }),
    })
    if (made.status !== 201) throw new Error(`admin/users: ${made.status} ${await made.text()}`)
    const { username, key } = await made.json()
    const basic = `Basic ${Buffer.from(`${username}:${key}`).toString('base64')}`

    const idle = workerdRss()
    const rows = []
    for (let run = 1; run <= 2; run++) {
      const started = await fetch(`${origin}/api/v1/blobs/upload`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'MODEL', name: 'upload.bin', contentLength: size, sha256 }),
      })
      if (started.status !== 200) throw new Error(`blobs/upload: ${await started.text()}`)
      const { createUrl } = await started.json()
      const w = await measure(() =>
        curlPut(createUrl, file, {
          'content-type': 'application/octet-stream',
          'content-range': `bytes 0-${size - 1}/${size}`,
        }),
      )
      if (!w.out.endsWith('\n200')) throw new Error(`the Worker's PUT answered ${w.out}`)
      const f = await measure(() => curlPut(`${floor}/floor-${run}`, file, {}))
      if (!f.out.endsWith('\n200')) throw new Error(`the floor's PUT answered ${f.out}`)
      rows.push({ run, w, f })
      console.log(
        `run ${run}: Worker ${w.mbps.toFixed(0)} MiB/s (${(w.ms / 1000).toFixed(1)} s), floor ${f.mbps.toFixed(0)} MiB/s (${(f.ms / 1000).toFixed(1)} s), ${(w.mbps / f.mbps).toFixed(2)}x; workerd peak RSS ${fmtBytes(w.peak)}`,
      )
    }
    console.log(`\n| run | Worker MiB/s | floor MiB/s | Worker/floor | workerd peak RSS |`)
    console.log(`|---|---|---|---|---|`)
    for (const r of rows)
      console.log(
        `| ${r.run} | ${r.w.mbps.toFixed(0)} | ${r.f.mbps.toFixed(0)} | ${(r.w.mbps / r.f.mbps).toFixed(2)} | ${fmtBytes(r.w.peak)} |`,
      )
    console.log(`\nworkerd RSS before the runs: ${fmtBytes(idle)}`)
  } finally {
    await mf.dispose().catch(() => {})
    rmSync(work, { recursive: true, force: true })
  }
}

await main()
