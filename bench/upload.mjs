// npm run bench:upload [-- --size 1GiB --runs 3] — upload throughput of one file through the Worker's
// upload target (StartBlobUpload, then one PUT with Content-Range, as kagglehub sends it: R2
// multipart parts, sha256 and MD5 on the way, the declared sha256 checked), next to a floor
// measured in the same run on the same local R2: a Worker that only does
// `BUCKET.put(key, request.body)`. Both bodies are streamed from disk by curl (-T). The Worker's
// peak memory is the largest RSS seen of the workerd processes while it receives (every 20 ms),
// beside the same for the floor's put: the local R2 store runs inside workerd and grows with what
// it holds, so the floor's figure is what the same bytes cost without the Worker. Each run puts
// through both, in alternating order; the median ratio is the figure.
// BENCH_PORT sets Miniflare's port (8798).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  fmtBytes,
  mbps,
  parseSize,
  randomFile,
  startSubjectAndFloor,
  workerdRss,
} from './r2-subjects.mjs'

const args = process.argv.slice(2)
const size = args.includes('--size') ? parseSize(args[args.indexOf('--size') + 1]) : 1024 ** 3
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3
const port = Number(process.env.BENCH_PORT ?? 8798)
const adminToken = 'bench-upload-admin-token'

const work = mkdtempSync(path.join(tmpdir(), 'modelport-bench-upload-'))
const stateDir = path.join(work, 'state')

// the floor: the request body straight into R2, and nothing else
const floorWorker = `
export default {
  async fetch(request, env) {
    const put = await env.BUCKET.put(new URL(request.url).pathname.slice(1), request.body)
    return Response.json({ size: put.size })
  },
}`

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
  const { mf, origin, floor } = await startSubjectAndFloor({
    work,
    stateDir,
    port,
    floorScript: floorWorker,
    bindings: { ADMIN_TOKEN: adminToken },
  })
  try {
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
    for (let run = 1; run <= runs; run++) {
      const started = await fetch(`${origin}/api/v1/blobs/upload`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'MODEL', name: 'upload.bin', contentLength: size, sha256 }),
      })
      if (started.status !== 200) throw new Error(`blobs/upload: ${await started.text()}`)
      const { createUrl } = await started.json()
      const worker = async () => {
        const w = await measure(() =>
          curlPut(createUrl, file, {
            'content-type': 'application/octet-stream',
            'content-range': `bytes 0-${size - 1}/${size}`,
          }),
        )
        if (!w.out.endsWith('\n200')) throw new Error(`the Worker's PUT answered ${w.out}`)
        return w
      }
      const bare = async () => {
        const f = await measure(() => curlPut(`${floor}/floor-${run}`, file, {}))
        if (!f.out.endsWith('\n200')) throw new Error(`the floor's PUT answered ${f.out}`)
        return f
      }
      // the order alternates, so a burst of load from elsewhere does not always hit the same one
      let w, f
      if (run % 2) {
        w = await worker()
        f = await bare()
      } else {
        f = await bare()
        w = await worker()
      }
      rows.push({ run, w, f })
      console.log(
        `run ${run}: Worker ${w.mbps.toFixed(0)} MiB/s (${(w.ms / 1000).toFixed(1)} s), floor ${f.mbps.toFixed(0)} MiB/s (${(f.ms / 1000).toFixed(1)} s), ${(w.mbps / f.mbps).toFixed(2)}x; workerd peak RSS ${fmtBytes(w.peak)} (during the floor's put: ${fmtBytes(f.peak)})`,
      )
    }
    console.log(
      `\n| run | Worker MiB/s | floor MiB/s | Worker/floor | workerd peak RSS (Worker) | (floor) |`,
    )
    console.log(`|---|---|---|---|---|---|`)
    for (const r of rows)
      console.log(
        `| ${r.run} | ${r.w.mbps.toFixed(0)} | ${r.f.mbps.toFixed(0)} | ${(r.w.mbps / r.f.mbps).toFixed(2)} | ${fmtBytes(r.w.peak)} | ${fmtBytes(r.f.peak)} |`,
      )
    const ratios = rows.map((r) => r.w.mbps / r.f.mbps).sort((a, b) => a - b)
    console.log(`\nmedian Worker/floor: ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}`)
    console.log(`workerd RSS before the runs: ${fmtBytes(idle)}`)
  } finally {
    await mf.dispose().catch(() => {})
    rmSync(work, { recursive: true, force: true })
  }
}

await main()
