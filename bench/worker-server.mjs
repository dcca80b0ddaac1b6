// Serves the Worker for the benches with workerd through Miniflare: the same runtime `wrangler dev`
// uses, without the live-reload proxy worker wrangler dev puts in front of it (a second workerd
// hop of ~5-20 ms per request that production does not have), and on the Worker's own socket
// rather than behind Miniflare's routing worker (another ~3 ms: GET /api/v1/health answers in
// 1.7 ms there against 4.7 ms through the router).
//
// The Worker is bundled exactly as deployed (`wrangler deploy --dry-run`), afresh on every start,
// and gets the bindings wrangler.toml declares: D1 and R2 on the persisted state of a
// `wrangler dev --persist-to <stateDir>` (same storage layout: <stateDir>/v3/d1, v3/r2), the
// [vars], and a random ADMIN_TOKEN. No static assets and no cron trigger: the benches only call
// /api routes. Migrations are not applied here; the state is expected to be migrated already.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { Miniflare } from 'miniflare'
import { unstable_readConfig } from 'wrangler'

const root = path.resolve(import.meta.dirname, '..')

/**
 * Bundles the Worker and serves it over the state in stateDir: Miniflare on <port>, the Worker
 * itself on <port + 1> (origin), the D1 replay Worker below on <port + 2> (replayOrigin).
 * @returns {Promise<{ origin: string, replayOrigin: string, adminToken: string, bucket: () => Promise<R2Bucket>, stop: () => Promise<void> }>}
 */
export async function startWorkerServer({ stateDir, port = 8798 }) {
  const outdir = path.join(root, 'bench/.data/worker')
  rmSync(outdir, { recursive: true, force: true })
  mkdirSync(path.join(root, 'dist/web'), { recursive: true }) // [assets] must exist for the dry run
  const built = spawnSync(
    path.join(root, 'node_modules/.bin/wrangler'),
    ['deploy', '--dry-run', '--outdir', outdir],
    {
      cwd: root,
      env: {
        ...process.env,
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_SEND_METRICS: 'false',
        CI: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    },
  )
  if (built.status !== 0)
    throw new Error(
      `could not bundle the Worker (wrangler deploy --dry-run):\n${built.stdout}\n${built.stderr}`,
    )

  const config = unstable_readConfig({ config: path.join(root, 'wrangler.toml') })
  const d1 = config.d1_databases.find((d) => d.binding === 'DB')
  const r2 = config.r2_buckets.find((b) => b.binding === 'BUCKET')
  if (!config.compatibility_date || !d1?.database_id || !r2?.bucket_name) {
    throw new Error(
      'wrangler.toml: expected compatibility_date, a DB d1_databases entry with database_id and a BUCKET r2_buckets entry',
    )
  }
  const adminToken = randomBytes(24).toString('base64url')
  const d1Databases = { DB: d1.database_id }
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
        // module names are paths relative to this (default: the current directory); a name with '..'
        // makes workerd fail ("can't use '..' to break out of starting directory")
        modulesRoot: outdir,
        compatibilityDate: config.compatibility_date,
        compatibilityFlags: config.compatibility_flags ?? [],
        // as wrangler dev names them, so that the same files are used: D1 by database_id, R2 by bucket_name
        d1Databases,
        r2Buckets: { BUCKET: r2.bucket_name },
        unsafeDirectSockets: [{ host: '127.0.0.1', port: port + 1 }],
        bindings: { ...config.vars, ADMIN_TOKEN: adminToken },
      },
      {
        name: 'd1-replay',
        modules: true,
        script: d1ReplayWorker,
        compatibilityDate: config.compatibility_date,
        d1Databases,
        unsafeDirectSockets: [{ host: '127.0.0.1', port: port + 2 }],
      },
    ],
  })
  let origin, replayOrigin
  try {
    await mf.ready
    origin = (await mf.unsafeGetDirectURL('modelport')).origin
    replayOrigin = (await mf.unsafeGetDirectURL('d1-replay')).origin
  } catch (err) {
    await mf.dispose().catch(() => {})
    throw err
  }
  return {
    origin,
    replayOrigin,
    adminToken,
    bucket: () => mf.getR2Bucket('BUCKET', 'modelport'),
    stop: () => mf.dispose(),
  }
}

// Beside the Worker, on the same D1 database: a Worker that runs given statements and nothing
// else, for the search bench's "D1 replay" baseline (what the local D1 binding costs for the
// statements a request runs, in its round trips). PUT /<name> stores a request's statements as a
// list of batches; GET /<name> runs them, batch by batch, and answers how many results it got.
const d1ReplayWorker = `
const stored = new Map()
export default {
  async fetch(request, env) {
    const name = new URL(request.url).pathname
    if (request.method === 'PUT') {
      stored.set(name, await request.json())
      return new Response(null, { status: 204 })
    }
    let results = 0
    for (const batch of stored.get(name) ?? []) {
      results += (await env.DB.batch(batch.map((s) => env.DB.prepare(s.sql).bind(...s.params)))).length
    }
    return Response.json({ results })
  },
}`
