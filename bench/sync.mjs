// npm run bench:sync — the TF Hub sync on the real bundled snapshot, as the Worker runs it:
// a first full import into an empty database and a no-op run, through the admin endpoint of a
// local Worker (wrangler dev, workerd) whose upstream is the local source server.
// Prints wall time, the CPU time workerd spent (from /proc), the job's own compute time,
// subrequests and D1 statements, next to a baseline measured in the same run: plain Node doing
// the unavoidable part of the work (gunzip, untar, git blob SHA-1 of every file) on the same archive.
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { buildGithubArchive, readTfhubSnapshot } from '../scripts/source-server.mjs'
import { startModelport } from '../scripts/start.mjs'

const ticksPerSecond = 100 // USER_HZ on Linux

/** CPU seconds used so far by `pid` and all its descendants (live ones). */
function treeCpuSeconds(root) {
  const stats = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      stats.set(Number(name), {
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
      })
    } catch {
      // the process ended while we looked
    }
  }
  let ticks = 0
  const walk = (pid) => {
    ticks += stats.get(pid)?.ticks ?? 0
    for (const [child, s] of stats) if (s.ppid === pid) walk(child)
  }
  walk(root)
  return ticks / ticksPerSecond
}

async function measured(modelport, label) {
  const cpu0 = treeCpuSeconds(modelport.pid)
  const t0 = performance.now()
  const res = await fetch(`${modelport.origin}/api/v1/admin/sync/tfhub`, {
    method: 'POST',
    headers: { authorization: `Bearer ${modelport.adminToken}` },
  })
  const wall = performance.now() - t0
  const cpu = treeCpuSeconds(modelport.pid) - cpu0
  const text = await res.text()
  if (!res.ok) throw new Error(`${label}: ${res.status} ${text.slice(0, 500)}`)
  const run = JSON.parse(text)
  return { label, wallMs: wall, cpuMs: cpu * 1000, run }
}

function baseline() {
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const tar = gunzipSync(archive)
  let files = 0
  for (let pos = 0; pos + 512 <= tar.length;) {
    const header = tar.subarray(pos, pos + 512)
    if (header.every((b) => b === 0)) break
    const size = parseInt(
      header.subarray(124, 136).toString().replace(/\0.*$/, '').trim() || '0',
      8,
    )
    const type = String.fromCharCode(header[156])
    if (type === '0') {
      const data = tar.subarray(pos + 512, pos + 512 + size)
      createHash('sha1').update(`blob ${size}\0`).update(data).digest('hex')
      data.toString('utf8').split('\n')
      files++
    }
    pos += 512 + Math.ceil(size / 512) * 512
  }
  const cpu = process.cpuUsage(cpu0)
  return { wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, files }
}

const archive = buildGithubArchive(await readTfhubSnapshot())
const stateDir = mkdtempSync(path.join(tmpdir(), 'modelport-bench-sync-'))
const modelport = await startModelport({
  port: 8795,
  persistTo: stateDir,
  inspectorPort: 9245,
  build: false,
  importData: false,
  log: () => {},
})
try {
  const first = await measured(modelport, 'first import (empty database)')
  const noop = await measured(modelport, 'no-op run (source unchanged)')
  const base = baseline()
  const ms = (v) => `${Math.round(v).toLocaleString('en')} ms`.padStart(10)
  console.log(
    `TF Hub snapshot: ${first.run.filesSeen} files, archive ${(archive.length / 1024).toFixed(0)} KiB gzip\n`,
  )
  console.log(
    'run                               wall        workerd CPU   job compute  subrequests  D1 statements  written',
  )
  for (const r of [first, noop]) {
    const written = r.run.applied
      ? `${r.run.applied.modelsWritten} models, ${r.run.applied.versionsWritten} versions`
      : 'nothing'
    console.log(
      `${r.label.padEnd(32)} ${ms(r.wallMs)}  ${ms(r.cpuMs)}  ${ms(r.run.cpuMs)}  ${String(r.run.subrequests).padStart(11)}  ${String(r.run.d1Statements).padStart(13)}  ${written}`,
    )
  }
  console.log(
    `${'baseline: Node gunzip+untar+SHA-1'.padEnd(32)} ${ms(base.wallMs)}  ${ms(base.cpuMs)}  (${base.files} files)`,
  )
  console.log(`\nfirst import CPU / baseline CPU: ${(first.cpuMs / base.cpuMs).toFixed(1)}x`)
  const limitMs = 30_000
  console.log(
    `Workers Paid cron CPU limit ${limitMs / 1000} s (configurable to 300 s): first import uses ${((first.cpuMs / limitMs) * 100).toFixed(0)}% of it,`,
  )
  console.log(
    `no-op run ${((noop.cpuMs / limitMs) * 100).toFixed(1)}%; D1 statements per invocation ${first.run.d1Statements} of 1,000; subrequests ${first.run.subrequests} of 10,000.`,
  )
} finally {
  await modelport.stop()
  rmSync(stateDir, { recursive: true, force: true })
}
