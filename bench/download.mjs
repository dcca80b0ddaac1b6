// npm run bench:download [-- --size 1GiB --runs 3 --only tar] — download throughput of one file and of a
// tar assembled on the fly, through the Worker, next to baselines measured in the same run:
//   floor: a Worker that does nothing but return the same R2 object (the local R2 binding's limit);
//   own floor (the tar only): piping the same 8 R2 objects, one after the other, into one
//     response (the binding's limit for a body made of 8 objects);
//   nginx: Debian's nginx serving the same bytes from disk (the machine's limit).
// Every curl sends its own User-Agent, so each is a new downloader whose download counts (the
// count is written beside the answer). Each subject is fetched by 1 and by 16 parallel clients
// (curl, each reading the whole body); throughput is the bytes all clients read over the wall
// time. Every run measures each subject and its baselines back to back, in an order that
// alternates between runs (ABBA); the tables give each run and the median over the runs. The
// Worker's peak memory is the largest RSS seen of its workerd processes while it serves (sampled
// every 20 ms). Last, a 64 KiB file is fetched 100 times one after another through the Worker
// and the floor: the median first-byte times.
//
// The file is <size> random bytes; the tar has 8 members of <size>/8 (one R2 object, stored once)
// and is <size> + 10 KiB. Both go to R2 through the floor Worker, and the tar is also fetched
// once through the Worker and written to disk for nginx (checking its length and sha256 layout).
import { spawn, spawnSync } from 'node:child_process'
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  chmodSync,
  statSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  fmtBytes,
  mbps,
  parseSize,
  randomFile,
  startSubjectAndFloor,
  workerdRss,
} from './r2-subjects.mjs'

const args = process.argv.slice(2)
const sizeArg = args[args.indexOf('--size') + 1]
// a multiple of 8 members x 512
const size = args.includes('--size') ? parseSize(sizeArg, 4096) : 1024 ** 3
const port = Number(process.env.BENCH_PORT ?? 8797)
// --only <words>: measure only the subjects whose name contains them ("tar", "file")
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number >= 1')
const concurrencies = [1, 16]

const work = mkdtempSync(path.join(tmpdir(), 'modelport-bench-download-'))
chmodSync(work, 0o755) // nginx's workers run as www-data
const stateDir = path.join(work, 'state')
const diskDir = path.join(work, 'www')
mkdirSync(diskDir, { recursive: true })

// the floor: R2 to the client and nothing else; PUT stores a request body (for the setup);
// ?times=n answers the object n times over, each a separate R2 get piped into one body
const floorWorker = `
export default {
  async fetch(request, env) {
    const url = new URL(request.url)
    const key = decodeURIComponent(url.pathname.slice(1))
    const times = Number(url.searchParams.get('times') ?? 0)
    if (times > 0) {
      const head = await env.BUCKET.head(key)
      if (!head) return new Response('missing', { status: 404 })
      const { readable, writable } = new FixedLengthStream(head.size * times)
      const piped = (async () => {
        for (let i = 0; i < times; i++) {
          const object = await env.BUCKET.get(key)
          await object.body.pipeTo(writable, { preventClose: true })
        }
        await writable.close()
      })()
      piped.catch((err) => writable.abort(err).catch(() => {}))
      return new Response(readable)
    }
    if (request.method === 'PUT') {
      const put = await env.BUCKET.put(key, request.body, { sha256: request.headers.get('x-sha256') })
      return Response.json({ size: put.size })
    }
    const object = await env.BUCKET.get(key)
    if (!object) return new Response('missing', { status: 404 })
    return new Response(object.body, { headers: { 'content-length': String(object.size) } })
  },
}`

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function startNginx(nginxPort) {
  const conf = path.join(work, 'nginx.conf')
  writeFileSync(
    conf,
    `worker_processes 2;
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path ${work}/nginx-body;
  proxy_temp_path ${work}/nginx-proxy;
  fastcgi_temp_path ${work}/nginx-fastcgi;
  uwsgi_temp_path ${work}/nginx-uwsgi;
  scgi_temp_path ${work}/nginx-scgi;
  server { listen 127.0.0.1:${nginxPort}; root ${diskDir}; }
}
`,
  )
  const child = spawn('nginx', ['-c', conf, '-p', work], { stdio: 'inherit' })
  return child
}

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url, { method: 'HEAD' })
      if (res.status < 500) return
    } catch {}
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} never answered`)
}

// each client is a new downloader (its own User-Agent, so its own client hash): its download counts
let downloaders = 0

function curl(url) {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', [
      '-s',
      '-f',
      '-A',
      `modelport-bench/${++downloaders}`,
      '-o',
      '/dev/null',
      '-w',
      '%{size_download} %{http_code} %{time_starttransfer}',
      url,
    ])
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`curl ${url} exited ${code}: ${out}`)),
    )
  })
}

async function measure(url, clients, expected) {
  let peak = 0
  const sampler = setInterval(() => (peak = Math.max(peak, workerdRss(process.pid))), 20)
  const t0 = performance.now()
  const sizes = await Promise.all(Array.from({ length: clients }, () => curl(url)))
  const ms = performance.now() - t0
  clearInterval(sampler)
  const firstByteMs = []
  for (const got of sizes) {
    const [bytes, status, firstByte] = got.split(' ')
    if (`${bytes} ${status}` !== `${expected} 200`)
      throw new Error(`${url}: read ${bytes} bytes with status ${status}, expected ${expected} 200`)
    firstByteMs.push(Number(firstByte) * 1000)
  }
  return {
    mbps: mbps(expected * clients, ms),
    ms,
    peak,
    firstByteMs: median(firstByteMs),
  }
}

// a small file's answer is all latency: what a client fetching many small files (model.json and
// its shards) waits for on each
const smallSize = 64 * 1024
const smallRequests = 100

/** Median first-byte times of the small file through the Worker and the floor, alternating. */
async function measureSmallFile(workerUrl, floorUrl) {
  const times = { worker: [], floor: [] }
  for (let i = 0; i < smallRequests; i++)
    for (const [name, url] of i % 2
      ? [
          ['floor', floorUrl],
          ['worker', workerUrl],
        ]
      : [
          ['worker', workerUrl],
          ['floor', floorUrl],
        ]) {
      const [bytes, status, firstByte] = (await curl(url)).split(' ')
      if (`${bytes} ${status}` !== `${smallSize} 200`)
        throw new Error(
          `${url}: read ${bytes} bytes with status ${status}, expected ${smallSize} 200`,
        )
      times[name].push(Number(firstByte) * 1000)
    }
  return { worker: median(times.worker), floor: median(times.floor) }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const ratio = (a, b) => (b ? (a.mbps / b.mbps).toFixed(2) : '–')

function describe(r) {
  const multi = r.ownFloor
    ? `, own floor ${r.ownFloor.mbps.toFixed(0)} MiB/s (${ratio(r.worker, r.ownFloor)}x)`
    : ''
  return `${r.subject}, ${r.clients} client${r.clients > 1 ? 's' : ''}: Worker ${r.worker.mbps.toFixed(0)} MiB/s, floor ${r.floor.mbps.toFixed(0)} MiB/s (${ratio(r.worker, r.floor)}x)${multi}, nginx ${r.nginx.mbps.toFixed(0)} MiB/s (${ratio(r.worker, r.nginx)}x); first byte after ${r.worker.firstByteMs.toFixed(1)} ms (floor ${r.floor.firstByteMs.toFixed(1)} ms); workerd peak RSS ${fmtBytes(r.worker.peak)}`
}

function tableRow(run, r) {
  return `| ${run} | ${r.subject} | ${r.clients} | ${r.worker.mbps.toFixed(0)} | ${r.floor.mbps.toFixed(0)} | ${ratio(r.worker, r.floor)} | ${r.ownFloor ? r.ownFloor.mbps.toFixed(0) : '–'} | ${r.ownFloor ? ratio(r.worker, r.ownFloor) : '–'} | ${r.nginx.mbps.toFixed(0)} | ${ratio(r.worker, r.nginx)} | ${fmtBytes(r.worker.peak)} |`
}

async function putObject(floor, key, file, sha256) {
  const res = await fetch(`${floor}/${encodeURIComponent(key)}`, {
    method: 'PUT',
    body: Readable.toWeb(createReadStream(file)),
    duplex: 'half',
    headers: {
      'content-length': String(statSync(file).size),
      'x-sha256': sha256,
    },
  })
  if (!res.ok) throw new Error(`PUT ${key}: ${res.status} ${await res.text()}`)
}

async function main() {
  if (spawnSync('nginx', ['-v']).error)
    throw new Error("bench:download compares against Debian's nginx: apt-get install nginx")
  console.log(`bench:download, ${fmtBytes(size)}, in ${work}`)
  const blob = path.join(diskDir, 'blob.bin')
  const blobSha = await randomFile(blob, size)
  const memberSize = size / 8
  const member = path.join(work, 'member.bin')
  const memberSha = await randomFile(member, memberSize)

  const { mf, origin, floor } = await startSubjectAndFloor({
    work,
    stateDir,
    port,
    floorScript: floorWorker,
  })
  let nginx
  try {
    const blobKey = `blobs/sha256/${blobSha}`
    const memberKey = `blobs/sha256/${memberSha}`
    await putObject(floor, blobKey, blob, blobSha)
    await putObject(floor, memberKey, member, memberSha)
    rmSync(member)
    const small = path.join(work, 'small.bin')
    const smallSha = await randomFile(small, smallSize)
    const smallKey = `blobs/sha256/${smallSha}`
    await putObject(floor, smallKey, small, smallSha)

    const db = await mf.getD1Database('DB', 'modelport')
    const files = [
      { version: 1, path: 'blob.bin', size, sha: blobSha, key: blobKey },
      {
        version: 1,
        path: 'small.bin',
        size: smallSize,
        sha: smallSha,
        key: smallKey,
      },
    ]
    for (let i = 0; i < 8; i++)
      files.push({
        version: 2,
        path: `group1-shard${i + 1}of8.bin`,
        size: memberSize,
        sha: memberSha,
        key: memberKey,
      })
    await db.batch([
      db.prepare(
        `insert into owners (slug, kind, display_name, source) values ('bench', 'organization', 'Bench', 'local')`,
      ),
      db.prepare(
        `insert into models (owner_id, slug, title, license_id, provenance) select id, 'big', 'Big', 'apache-2.0', 'community' from owners where slug = 'bench'`,
      ),
      db.prepare(
        `insert into variations (model_id, framework, slug) select id, 'tensorFlow2', 'default' from models where slug = 'big'`,
      ),
      ...[1, 2].map((n) =>
        db
          .prepare(
            `insert into versions (variation_id, number, status, file_count, total_bytes, published_at) select id, ?, 'ready', ?, ?, 1733400000000 from variations where slug = 'default'`,
          )
          .bind(n, n === 1 ? 2 : 8, n === 1 ? size + smallSize : size),
      ),
      ...files.map((f) =>
        db
          .prepare(
            `insert into files (version_id, path, size, sha256, content_type, r2_key) select v.id, ?, ?, ?, 'application/octet-stream', ? from versions v where v.number = ?`,
          )
          .bind(f.path, f.size, f.sha, f.key, f.version),
      ),
    ])

    const fileUrl = `${origin}/api/v1/files/bench/big/tensorFlow2/default/1/blob.bin`
    const smallUrl = `${origin}/api/v1/files/bench/big/tensorFlow2/default/1/small.bin`
    const tarUrl = `${origin}/api/v1/archives/bench/big/tensorFlow2/default/2?format=tar`
    const tarSize = Number((await fetch(tarUrl, { method: 'HEAD' })).headers.get('content-length'))
    const tarFile = path.join(diskDir, 'version.tar')
    const res = await fetch(tarUrl)
    await pipeline(Readable.fromWeb(res.body), createWriteStream(tarFile))
    if (statSync(tarFile).size !== tarSize) throw new Error('the tar on disk differs in length')
    const listed = spawnSync('tar', ['-tvf', tarFile], { encoding: 'utf8' })
    if (listed.status !== 0 || listed.stdout.trim().split('\n').length !== 8)
      throw new Error(`tar -t: ${listed.stderr}`)

    const nginxPort = await freePort()
    nginx = startNginx(nginxPort)
    const nginxOrigin = `http://127.0.0.1:${nginxPort}`
    await waitFor(`${nginxOrigin}/blob.bin`)

    const subjects = [
      {
        name: `file (${fmtBytes(size)})`,
        bytes: size,
        worker: fileUrl,
        floor: `${floor}/${blobKey}`,
        nginx: `${nginxOrigin}/blob.bin`,
      },
      {
        name: `virtual tar (${fmtBytes(tarSize)}, 8 members)`,
        bytes: tarSize,
        worker: tarUrl,
        floor: `${floor}/${blobKey}`,
        floorBytes: size,
        ownFloor: `${floor}/${memberKey}?times=8`,
        nginx: `${nginxOrigin}/version.tar`,
      },
    ].filter((s) => !only || s.name.includes(only))
    const idleRss = workerdRss(process.pid)
    const rows = []
    for (let run = 1; run <= runs; run++) {
      for (const s of subjects) {
        for (const clients of concurrencies) {
          const plan = [
            ['worker', s.worker, s.bytes],
            ['floor', s.floor, s.floorBytes ?? s.bytes],
            ['ownFloor', s.ownFloor, size],
            ['nginx', s.nginx, s.bytes],
          ].filter(([, url]) => url)
          if (run % 2 === 0) plan.reverse()
          const row = { run, subject: s.name, clients }
          for (const [name, url, bytes] of plan) row[name] = await measure(url, clients, bytes)
          rows.push(row)
          console.log(`run ${run}: ${describe(row)}`)
        }
      }
    }
    const latency = await measureSmallFile(smallUrl, `${floor}/${smallKey}`)
    console.log(`\nworkerd RSS before the runs: ${fmtBytes(idleRss)}\n`)
    console.log(
      `| run | subject | clients | Worker MiB/s | floor MiB/s | Worker/floor | own floor MiB/s | Worker/own floor | nginx MiB/s | Worker/nginx | workerd peak RSS |`,
    )
    console.log(`|---|---|---|---|---|---|---|---|---|---|---|`)
    for (const r of rows) console.log(tableRow(r.run, r))
    console.log(
      `\nMedian over ${runs} run${runs > 1 ? 's' : ''} (each ratio is the median of the runs' ratios):\n`,
    )
    console.log(
      `| subject | clients | Worker MiB/s | Worker/floor | Worker/own floor | Worker/nginx | first byte, Worker / floor (ms) | workerd peak RSS (max) |`,
    )
    console.log(`|---|---|---|---|---|---|---|---|`)
    for (const s of subjects)
      for (const clients of concurrencies) {
        const mine = rows.filter((r) => r.subject === s.name && r.clients === clients)
        const medianRatio = (base) =>
          mine[0][base] ? median(mine.map((r) => r.worker.mbps / r[base].mbps)).toFixed(2) : '–'
        console.log(
          `| ${s.name} | ${clients} | ${median(mine.map((r) => r.worker.mbps)).toFixed(0)} | ${medianRatio('floor')} | ${medianRatio('ownFloor')} | ${medianRatio('nginx')} | ${median(mine.map((r) => r.worker.firstByteMs)).toFixed(1)} / ${median(mine.map((r) => r.floor.firstByteMs)).toFixed(1)} | ${fmtBytes(Math.max(...mine.map((r) => r.worker.peak)))} |`,
        )
      }
    console.log(
      `\nA small file (${smallSize / 1024} KiB), ${smallRequests} requests one after another, each by a new downloader (median first byte, Worker / floor): ${latency.worker.toFixed(1)} ms / ${latency.floor.toFixed(1)} ms`,
    )
  } finally {
    if (nginx) {
      nginx.kill('SIGQUIT')
      await new Promise((r) => nginx.once('exit', r))
    }
    await mf.dispose().catch(() => {})
    rmSync(work, { recursive: true, force: true })
  }
}

await main()
