// npm run bench:load — Modelport under load: `wrangler dev` (scripts/start.mjs, port 8805, its own
// state folder, the TF Hub snapshot and the demo models imported) driven by autocannon.
//   floor:   GET /api/v1/health, 64 connections, 15 s: the Worker and its middleware doing nothing;
//   mixed:   64 connections for 60 s split across five reads run at once (list, search with
//            facets, the model page API, a file download, a tar.gz archive), every request from
//            its own client address (cf-connecting-ip, which rate-limit.ts keys on), so that the
//            Rate Limiting binding never refuses one: the throughput;
//   limited: the same reads for 20 s from one address: past the limits, 429 with Retry-After.
// Prints p50/p99 latency, requests per second, errors and status counts per route; exits 1 on
// any error or 5xx, or if the one-address phase saw no 429 or a 429 without Retry-After.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { startModelport } from '../scripts/start.mjs'

const root = path.resolve(import.meta.dirname, '..')
const port = Number(process.env.BENCH_PORT ?? 8805)
const seconds = Number(process.env.BENCH_SECONDS ?? 60)
const connections = 64

const routes = [
  { name: 'list', path: '/api/v1/models/list?pageSize=20', connections: 16 },
  {
    name: 'search + facets',
    path: '/api/v1/models/list?search=image&framework=tfJs&facets=1&pageSize=20',
    connections: 16,
  },
  { name: 'model page API', path: '/api/v1/models/demo/movenet/get', connections: 16 },
  {
    name: 'file (model.json, 158 KiB)',
    path: '/api/v1/files/demo/movenet/tfJs/singlepose-lightning/1/model.json',
    connections: 8,
  },
  {
    name: 'archive (tar.gz)',
    path: '/api/v1/archives/demo/blazeface/tfJs/default/1?format=tar.gz',
    connections: 8,
  },
]

// distinct client addresses: 10.0.0.0/8 gives 16 M before one repeats
let nextClient = 0
const distinctClient = () => {
  const n = nextClient++ % 0xffffff
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
}
const oneClient = () => '198.51.100.7'

/** Runs autocannon against one path; counts 429s with and without Retry-After. */
function load(origin, { path: p, connections: conns }, duration, client) {
  const seen = { retryAfter: 0, noRetryAfter: 0 }
  const run = autocannon({
    url: origin,
    connections: conns,
    duration,
    requests: [
      {
        method: 'GET',
        path: p,
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, 'cf-connecting-ip': client() },
        }),
        onResponse: (status, _body, _ctx, headers) => {
          if (status !== 429) return
          const retry = headers?.['retry-after'] ?? headers?.['Retry-After']
          if (retry) seen.retryAfter++
          else seen.noRetryAfter++
        },
      },
    ],
  })
  return run.then((result) => ({ result, seen }))
}

function row(name, { result, seen }) {
  const statuses = Object.entries(result.statusCodeStats)
    .map(([s, { count }]) => `${s}: ${count}`)
    .join(', ')
  const fivexx = Object.entries(result.statusCodeStats)
    .filter(([s]) => Number(s) >= 500)
    .reduce((n, [, { count }]) => n + count, 0)
  return {
    name,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    total: result.requests.total,
    errors: result.errors + result.timeouts,
    fivexx,
    statuses,
    retryAfter: seen.retryAfter,
    noRetryAfter: seen.noRetryAfter,
  }
}

function print(title, rows) {
  console.log(`\n${title}`)
  console.log(
    '| route | connections | p50 ms | p99 ms | req/s | requests | errors | 5xx | statuses |',
  )
  console.log('|---|---|---|---|---|---|---|---|---|')
  for (const r of rows)
    console.log(
      `| ${r.name} | ${r.connections} | ${r.p50} | ${r.p99} | ${r.rps.toFixed(0)} | ${r.total} | ${r.errors} | ${r.fivexx} | ${r.statuses} |`,
    )
}

async function phase(origin, duration, client) {
  const results = await Promise.all(routes.map((r) => load(origin, r, duration, client)))
  return routes.map((r, i) => ({ ...row(r.name, results[i]), connections: r.connections }))
}

const work = mkdtempSync(path.join(tmpdir(), 'modelport-bench-load-'))
mkdirSync(path.join(root, 'dist/web'), { recursive: true })
const modelport = await startModelport({
  port,
  persistTo: path.join(work, 'state'),
  inspectorPort: port + 1000,
  build: false,
  log: (line) => console.log(`  ${line}`),
})
let failed = false
try {
  // each target answers 200 before the load starts
  for (const r of routes) {
    const res = await fetch(modelport.origin + r.path, {
      headers: { 'cf-connecting-ip': distinctClient() },
    })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${r.path} answered ${res.status}`)
  }

  const floor = row(
    'GET /api/v1/health (floor)',
    await load(
      modelport.origin,
      { path: '/api/v1/health', connections },
      Math.min(15, seconds),
      distinctClient,
    ),
  )
  print(`floor: ${connections} connections, ${Math.min(15, seconds)} s, distinct clients`, [
    { ...floor, connections },
  ])

  const mixed = await phase(modelport.origin, seconds, distinctClient)
  const total = mixed.reduce((n, r) => n + r.rps, 0)
  print(
    `mixed reads: ${connections} connections, ${seconds} s, every request from its own address`,
    [...mixed, { ...floor, name: 'floor (health, run before)', connections }],
  )
  console.log(
    `\nall mixed reads: ${total.toFixed(0)} req/s (floor ${floor.rps.toFixed(0)} req/s, ${((100 * total) / floor.rps).toFixed(0)}% of it)`,
  )

  const limitedSeconds = Math.min(20, seconds)
  const limited = await phase(modelport.origin, limitedSeconds, oneClient)
  print(
    `one address (${oneClient()}): ${connections} connections, ${limitedSeconds} s, past the limits`,
    limited,
  )
  const refused = limited.reduce((n, r) => n + r.retryAfter + r.noRetryAfter, 0)
  const noRetry = limited.reduce((n, r) => n + r.noRetryAfter, 0)
  console.log(`\n429 answers: ${refused}, without Retry-After: ${noRetry}`)

  for (const r of [floor, ...mixed, ...limited]) {
    if (r.errors || r.fivexx) {
      console.error(`FAIL ${r.name}: ${r.errors} errors, ${r.fivexx} 5xx`)
      failed = true
    }
  }
  for (const r of [floor, ...mixed]) {
    if (!/^200: \d+$/.test(r.statuses)) {
      console.error(`FAIL ${r.name}: not every answer was 200 (${r.statuses})`)
      failed = true
    }
  }
  if (refused === 0 || noRetry > 0) {
    console.error('FAIL: one address past the limits must get 429s, each with Retry-After')
    failed = true
  }
} finally {
  await modelport.stop()
  rmSync(work, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
