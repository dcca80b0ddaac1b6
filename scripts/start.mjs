// `npm start`: build the SPA, apply migrations to local D1, serve the Worker on
// http://127.0.0.1:8787 with `wrangler dev`, then import the bundled TF Hub snapshot and publish
// the demo models through the admin API (the same sync job the Cron Trigger runs). Runs until
// Ctrl-C. A second start imports nothing twice: the sync and the seed are idempotent.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'
import { startSourceServer } from './source-server.mjs'

const root = path.resolve(import.meta.dirname, '..')
const bin = (name) => path.join(root, 'node_modules/.bin', name)
const quietEnv = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
}

/**
 * Starts Modelport and resolves once the catalog is imported. Options let tests run a second,
 * isolated instance: another port, another state folder, no rebuild.
 */
export async function startModelport({
  port = 8787,
  persistTo = path.join(root, '.wrangler/state'),
  inspectorPort = 9229,
  build = true,
  importData = true,
  // start a local OpenID Connect provider too, for "Sign in with …" (MODELPORT_OIDC=local npm start)
  oidc = process.env.MODELPORT_OIDC === 'local',
  log = console.log,
} = {}) {
  const t0 = Date.now()
  if (build) {
    run(bin('vite'), ['build', '--logLevel', 'warn'], 'build the SPA')
    // the Worker's server render of the same app (docs/ssr.md)
    run(bin('vite'), ['build', '--ssr', '--logLevel', 'warn'], 'build the server render')
  }
  run(
    bin('wrangler'),
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo],
    'apply migrations',
  )

  if (await answers(`http://127.0.0.1:${port}/`))
    throw new Error(`port ${port} is taken: is Modelport already running?`)
  const source = await startSourceServer()
  const adminToken = randomBytes(24).toString('base64url')
  const origin = `http://127.0.0.1:${port}`
  const provider = oidc
    ? await (
        await import('./oidc-provider.mjs')
      ).startOidcProvider({ redirectUris: [`${origin}/api/v1/auth/oidc/callback`] })
    : undefined
  const vars = { ADMIN_TOKEN: adminToken, ...source.vars, ...provider?.vars }
  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--persist-to',
    persistTo,
    '--inspector-port',
    String(inspectorPort),
    '--show-interactive-dev-session=false',
  ]
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`)
  // its own process group, so that stopping it also stops workerd and esbuild
  const server = spawn(bin('wrangler'), args, {
    cwd: root,
    env: quietEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  server.stdout.on('data', (d) => (output += d))
  server.stderr.on('data', (d) => (output += d))
  const exited = new Promise((resolve) => server.on('exit', resolve))

  const stop = async () => {
    try {
      process.kill(-server.pid, 'SIGTERM')
    } catch {
      // already gone
    }
    await Promise.race([exited, sleep(5000)])
    await source.close()
    await provider?.close()
  }

  try {
    await waitForHealth(origin, exited, () => output)
    log(`Worker up at ${origin} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
    if (!importData) return { origin, adminToken, stop, pid: server.pid, output: () => output }
    const sync = await admin(origin, adminToken, '/api/v1/admin/sync/tfhub?trigger=start')
    log(
      `TF Hub sync: ${sync.filesSeen} files, ${sync.filesChanged} changed, ${sync.applied?.modelsWritten ?? 0} models written, ${sync.errors.length} errors (${sync.wallMs} ms)`,
    )
    const seed = await admin(origin, adminToken, '/api/v1/admin/seed/demo')
    log(`Demo models: ${seed.models} models, ${seed.versionsPublished} versions published`)
  } catch (err) {
    await stop()
    throw err
  }
  log(`Modelport is ready at ${origin} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  return { origin, adminToken, stop, pid: server.pid, output: () => output }
}

function run(command, args, what) {
  const result = spawnSync(command, args, {
    cwd: root,
    env: { ...quietEnv, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  })
  if (result.status !== 0) {
    throw new Error(
      `could not ${what}: ${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`,
    )
  }
}

async function answers(url) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) })
    return true
  } catch {
    return false
  }
}

async function waitForHealth(origin, exited, output) {
  let gone = false
  exited.then(() => (gone = true))
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (gone) throw new Error(`wrangler dev exited:\n${output()}`)
    try {
      const res = await fetch(`${origin}/api/v1/health`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await sleep(200)
  }
  throw new Error(`wrangler dev did not answer within 60 s:\n${output()}`)
}

async function admin(origin, token, path) {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 500)}`)
  return JSON.parse(text)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const modelport = await startModelport()
  console.log(`Open ${modelport.origin}/models — Ctrl-C stops it.`)
  console.log(`Admin token for this run (Authorization: Bearer …): ${modelport.adminToken}`)
  const shutdown = async () => {
    await modelport.stop()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}
