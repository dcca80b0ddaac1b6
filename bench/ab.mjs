// npm run bench:ab -- <baseline-ref> <search|web> [--rounds n] [--head ref] [more args for the bench]
// npm run bench:ab -- --table bench/.data/ab-logs/<run>   (the table of a kept run, again)
//
// A same-run A/B of one bench: the baseline ref against this checkout (HEAD, with any uncommitted
// changes), or against another commit with --head <ref>. The baseline is checked out in a
// temporary git worktree; its dependencies are this checkout's node_modules when its
// package-lock.json asks for nothing this one lacks, otherwise `npm ci` from its own lockfile (once
// per lockfile, kept in bench/.data/ab-deps-<hash>/). Then each tree runs its own bench script (its
// own measurement of its own code), interleaved in ABBA order: baseline, HEAD, HEAD, baseline …
// for --rounds rounds (3), each tree on its own ports, so that whatever else the machine does in the meantime
// falls on both. Each bench builds what it needs itself (the SPA, the Worker bundle, the 100k
// catalog of bench:search, which the baseline keeps in bench/.data/ab-<commit>/ since its
// migrations differ). The figures are read from the JSON line the bench prints with --json, or
// from its printed lines if the tree's bench predates --json.
//
// Prints one table: each figure for baseline and HEAD (the median over the rounds; the LCP of
// bench:web is the median of every load of every round) and the ratio HEAD / baseline. Every
// run's full output is kept in bench/.data/ab-logs/.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const dataDir = path.join(root, 'bench/.data')

const benches = {
  search: {
    script: 'bench/search.mjs',
    ports: { baseline: 8810, head: 8820 },
    readText: readSearchText,
    table: searchTable,
  },
  web: {
    script: 'bench/web-budget.mjs',
    ports: { baseline: 8814, head: 8824 },
    readText: readWebText,
    table: webTable,
  },
}

const args = process.argv.slice(2)
if (args[0] === '--table') {
  printTableOf(args[1])
  process.exit(0)
}
const option = (name) => {
  const at = args.indexOf(name)
  return at >= 0 ? args.splice(at, 2)[1] : undefined
}
const rounds = Number(option('--rounds') ?? 3)
// another commit in the HEAD column instead of this checkout (checked out like the baseline)
const headRef = option('--head')
const [ref, benchName, ...benchArgs] = args
const bench = benches[benchName]
if (!ref || !bench || !(rounds >= 1)) {
  console.error(
    'usage: npm run bench:ab -- <baseline-ref> <search|web> [--rounds n] [--head ref] [more args for the bench]\n' +
      '       npm run bench:ab -- --table bench/.data/ab-logs/<run>   (the table of a kept run again)',
  )
  process.exit(2)
}

const git = (...a) => {
  const r = spawnSync('git', a, { cwd: root, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`git ${a.join(' ')}: ${r.stderr.trim()}`)
  return r.stdout.trim()
}
const describe = (sha) => {
  const line = git('log', '-1', '--format=%h %ad %s', '--date=short', sha)
  return line.length > 100 ? `${line.slice(0, 99)}…` : line
}
const baseSha = git('rev-parse', '--verify', `${ref}^{commit}`)
const headSha = git('rev-parse', '--verify', `${headRef ?? 'HEAD'}^{commit}`)
const dirty = !headRef && git('status', '--porcelain', '--untracked-files=no') !== ''

mkdirSync(dataDir, { recursive: true })
const scratch = mkdtempSync(path.join(tmpdir(), 'modelport-ab-'))
const checkouts = []
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
const logDir = path.join(dataDir, 'ab-logs', `${stamp}-${benchName}`)
mkdirSync(logDir, { recursive: true })

let cleaned = false
function cleanUp() {
  if (cleaned) return
  cleaned = true
  for (const dir of checkouts) {
    for (const link of ['node_modules', 'bench/.data'])
      rmSync(path.join(dir, link), { force: true })
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: root })
  }
  spawnSync('git', ['worktree', 'prune'], { cwd: root })
  rmSync(scratch, { recursive: true, force: true })
}
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    cleanUp()
    process.exit(130)
  })

try {
  console.log(`bench:ab ${benchName}, ${rounds} rounds`)
  console.log(`  baseline ${describe(baseSha)}`)
  console.log(
    `  HEAD     ${describe(headSha)}${dirty ? ' (with uncommitted changes)' : ''}${headRef ? ` (--head ${headRef})` : ''}`,
  )
  const baseTree = checkOut('baseline', baseSha)
  const headTree = headRef ? checkOut('head', headSha) : root

  const env = { ...process.env }
  if (benchName === 'web') env.CHROMIUM_PATH = await oneChromium()

  const trees = [
    { name: 'baseline', dir: baseTree, port: bench.ports.baseline, results: [] },
    { name: 'HEAD', dir: headTree, port: bench.ports.head, results: [] },
  ]
  const load0 = loadavg()[0]
  for (let round = 1; round <= rounds; round++) {
    // ABBA: every other round starts with HEAD, so neither tree always runs first
    const order = round % 2 ? trees : [...trees].reverse()
    for (const tree of order) tree.results.push(await runBench(tree, round, env))
  }
  console.log(
    `\nLoad average (1 min): ${load0.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end`,
  )
  console.log(`Full outputs: ${path.relative(root, logDir)}/\n`)
  console.log(bench.table(trees[0].results, trees[1].results))
} finally {
  cleanUp()
}

// ---- dependencies ----------------------------------------------------------------------------

/** A temporary worktree of `sha`, with dependencies and its own bench/.data/ab-<commit>/. */
function checkOut(name, sha) {
  const dir = path.join(scratch, name)
  git('worktree', 'add', '--detach', '--quiet', dir, sha)
  checkouts.push(dir)
  console.log(`  ${sha.slice(0, 7)} checked out in ${dir}`)
  linkDependencies(dir, sha)
  const data = path.join(dataDir, `ab-${sha.slice(0, 12)}`)
  mkdirSync(data, { recursive: true })
  symlinkSync(data, path.join(dir, 'bench/.data'))
  return dir
}

/** Links this checkout's node_modules when it holds every package the tree's lockfile pins. */
function linkDependencies(tree, sha) {
  const lockOf = (text) => JSON.parse(text).packages ?? {}
  const baseText = git('show', `${sha}:package-lock.json`)
  const ours = lockOf(readFileSync(path.join(root, 'package-lock.json'), 'utf8'))
  const missing = Object.entries(lockOf(baseText)).filter(
    ([where, p]) => where !== '' && ours[where]?.version !== p.version,
  )
  if (missing.length === 0) {
    symlinkSync(realpathSync(path.join(root, 'node_modules')), path.join(tree, 'node_modules'))
    console.log(
      `  dependencies: this checkout's node_modules (${sha.slice(0, 7)}'s lockfile is a subset)`,
    )
    return
  }
  const named = missing
    .slice(0, 3)
    .map(([where, p]) => `${where.replace(/^.*node_modules\//, '')}@${p.version}`)
  const hash = createHash('sha256').update(baseText).digest('hex').slice(0, 12)
  const deps = path.join(dataDir, `ab-deps-${hash}`)
  console.log(
    `  dependencies: ${sha.slice(0, 7)}'s package-lock.json pins ${missing.length} packages this checkout does not have (${named.join(', ')}${missing.length > 3 ? ', …' : ''})`,
  )
  if (existsSync(path.join(deps, 'READY'))) {
    console.log(`  npm ci from its lockfile done before: ${path.relative(root, deps)}/node_modules`)
  } else {
    console.log(`  npm ci from its lockfile, into ${path.relative(root, deps)}/ …`)
    rmSync(deps, { recursive: true, force: true })
    mkdirSync(deps, { recursive: true })
    for (const file of ['package.json', 'package-lock.json'])
      writeFileSync(path.join(deps, file), readFileSync(path.join(tree, file)))
    const t0 = Date.now()
    const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: deps,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    if (ci.status !== 0) throw new Error(`npm ci failed:\n${ci.stdout}\n${ci.stderr}`)
    writeFileSync(path.join(deps, 'READY'), new Date().toISOString())
    console.log(`  npm ci done in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  }
  symlinkSync(path.join(deps, 'node_modules'), path.join(tree, 'node_modules'))
}

/**
 * One chromium for both trees, found as this checkout's browser tests find it. A chromium that
 * needs its own environment (the npm build) is started through a small script that sets it, so
 * that a tree whose bench only reads CHROMIUM_PATH runs the same browser the same way.
 */
async function oneChromium() {
  const { findChromium } = await import('../test/e2e/browser.mjs')
  const { executablePath, env, source } = await findChromium()
  console.log(`  chromium for both: ${source} (${executablePath})`)
  if (Object.keys(env).length === 0) return executablePath
  const quote = (v) => `'${String(v).replaceAll("'", "'\\''")}'`
  const wrapper = path.join(scratch, 'chromium')
  writeFileSync(
    wrapper,
    [
      '#!/bin/sh',
      ...Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`),
      `exec ${quote(executablePath)} "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  )
  return wrapper
}

// ---- running ---------------------------------------------------------------------------------

/** Runs the tree's bench once; a run that ends without figures (it failed to start) gets a second try. */
async function runBench(tree, round, env, attempt = 1) {
  const script = path.join(tree.dir, bench.script)
  const speaksJson = readFileSync(script, 'utf8').includes("'--json'")
  const log = path.join(logDir, `${round}-${tree.name}${attempt > 1 ? `-${attempt}` : ''}.log`)
  const out = createWriteStream(log)
  const t0 = Date.now()
  process.stdout.write(`round ${round}/${rounds} ${tree.name.padEnd(8)} … `)
  const child = spawn(process.execPath, [script, ...(speaksJson ? ['--json'] : []), ...benchArgs], {
    cwd: tree.dir,
    env: { ...env, BENCH_PORT: String(tree.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  for (const stream of [child.stdout, child.stderr])
    stream.on('data', (d) => {
      text += d
      out.write(d)
    })
  const code = await new Promise((resolve) => child.on('close', resolve))
  out.end()
  let figures
  try {
    figures = speaksJson ? lastJson(text) : bench.readText(text)
  } catch (err) {
    if (attempt === 1) {
      console.log(`no figures (exit ${code}; ${path.relative(root, log)}), once more`)
      return runBench(tree, round, env, 2)
    }
    throw new Error(
      `${tree.name} round ${round}: no figures (exit ${code}): ${err.message}\n${text.slice(-3000)}`,
    )
  }
  console.log(
    `${((Date.now() - t0) / 1000).toFixed(0)} s${code ? ` (exit ${code}: see ${path.relative(root, log)})` : ''}${speaksJson ? '' : ' (figures read from its printed lines)'}`,
  )
  return figures
}

/** The table of a run kept in bench/.data/ab-logs/<run>/ (one log per round and tree). */
function printTableOf(dir) {
  const name = /-(search|web)$/.exec(path.basename(dir ?? ''))?.[1]
  if (!name) throw new Error(`--table: expected a folder of bench/.data/ab-logs/, got ${dir}`)
  const figuresOf = (round, tree) => {
    // a run that failed to start was tried again: its second log is the one with figures
    const log = [`${round}-${tree}-2.log`, `${round}-${tree}.log`]
      .map((f) => path.join(dir, f))
      .find((f) => existsSync(f))
    if (!log) return undefined
    const text = readFileSync(log, 'utf8')
    return text.includes('\n{"bench":') ? lastJson(text) : benches[name].readText(text)
  }
  const base = []
  const head = []
  for (let round = 1; figuresOf(round, 'baseline') && figuresOf(round, 'HEAD'); round++) {
    base.push(figuresOf(round, 'baseline'))
    head.push(figuresOf(round, 'HEAD'))
  }
  console.log(benches[name].table(base, head))
}

function lastJson(text) {
  const line = text
    .trimEnd()
    .split('\n')
    .findLast((l) => l.startsWith('{"bench":'))
  if (!line) throw new Error('no JSON line')
  return JSON.parse(line)
}

// ---- reading the printed lines of a bench that predates --json ---------------------------------

function numberIn(text, re) {
  const m = re.exec(text)
  if (!m) throw new Error(`not found: ${re}`)
  return Number(m[1])
}

function readSearchText(text) {
  const figures = {
    bench: 'search',
    models: numberIn(text, /^Catalog: (\d+) listed models/m),
    requests: numberIn(text, /^(\d+) requests × \d+ rounds/m),
    rounds: numberIn(text, /^\d+ requests × (\d+) rounds/m),
    cold: {
      fromD1: numberIn(text, /index loaded from D1: +([\d.]+) ms/),
      facets: numberIn(text, /the first facets request: +([\d.]+) ms/),
      fromSnapshot: numberIn(text, /index from its snapshot in R2 \([\d.]+ MB\): ([\d.]+) ms/),
    },
    categories: {},
    roundTrips: {
      p50: numberIn(text, /D1 round trips per request: p50 (\d+)/),
      max: numberIn(text, /D1 round trips per request: p50 \d+, max (\d+)/),
    },
    fullTableScans: /FULL TABLE SCANS/.test(text)
      ? numberIn(text, /FULL TABLE SCANS \((\d+)\)/)
      : 0,
  }
  // "text       225     4.1   12.0   20.1   …" (n, then p50 p95 p99 of four sources, three ratios)
  for (const m of text.matchAll(/^([a-z]+) +(\d+)((?: +[\d.]+){15})$/gm)) {
    const v = m[3].trim().split(/ +/).map(Number)
    const three = (i) => ({ p50: v[i], p95: v[i + 1], p99: v[i + 2] })
    figures.categories[m[1]] = {
      n: Number(m[2]),
      worker: three(0),
      directSql: three(3),
      directSearch: three(6),
      d1Replay: three(9),
    }
  }
  if (!figures.categories.all) throw new Error('no table of categories')
  return figures
}

function readWebText(text) {
  const lcp = {}
  for (const m of text.matchAll(
    /^LCP (\w+) \((desktop|slow phone[^)]*)\): median ([\d.]+) ms of \[([\d, ]*)\].*layout shift ≤ ([\d.]+)/gm,
  )) {
    lcp[m[2] === 'desktop' ? m[1] : `${m[1]}SlowPhone`] = {
      median: Number(m[3]),
      runs: m[4].split(', ').map(Number),
      maxCls: Number(m[5]),
    }
  }
  if (!lcp.landing) throw new Error('no LCP lines')
  return {
    bench: 'web',
    landingJs: {
      gzip: numberIn(text, /^landing initial JS: ([\d.]+) kB gzip/m) * 1024,
      bytes: numberIn(text, /^landing initial JS: [\d.]+ kB gzip \(([\d.]+) kB raw\)/m) * 1024,
      files: numberIn(text, /^landing initial JS: .* in (\d+) files/m),
    },
    lcp,
    overBudget: /^OVER BUDGET: (.*)$/m.exec(text)?.[1].split('; ') ?? [],
  }
}

// ---- the table -------------------------------------------------------------------------------

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
function num(x, digits = 1) {
  return x.toFixed(digits).padStart(8)
}
function ratio(head, base) {
  return base === 0 ? '       –' : (head / base).toFixed(2).padStart(8)
}

function searchTable(base, head) {
  const at = (runs, get) => median(runs.map(get))
  const lines = [
    `bench:search, ${base[0].models} models (baseline) / ${head[0].models} (HEAD), ${base[0].requests} requests × ${base[0].rounds} rounds a run; ms, median of ${base.length} runs each`,
    '',
    `${''.padEnd(26)}${'baseline'.padEnd(24)}  ${'HEAD'.padEnd(24)}  HEAD / baseline`,
    `${''.padEnd(26)}${'     p50     p95     p99'}  ${'     p50     p95     p99'}  ${'     p50     p95     p99'}`,
  ]
  const sources = [
    ['Worker', 'worker'],
    ['direct SQL', 'directSql'],
    ['direct search', 'directSearch'],
    ['D1 replay (floor)', 'd1Replay'],
  ]
  for (const category of Object.keys(head[0].categories)) {
    for (const [label, key] of sources) {
      const cells = ['p50', 'p95', 'p99'].map((p) => [
        at(base, (f) => f.categories[category][key][p]),
        at(head, (f) => f.categories[category][key][p]),
      ])
      lines.push(
        `${(label === 'Worker' ? category : '').padEnd(8)}${label.padEnd(18)}` +
          `${cells.map(([b]) => num(b)).join('')}  ${cells.map(([, h]) => num(h)).join('')}  ${cells.map(([b, h]) => ratio(h, b)).join('')}`,
      )
    }
  }
  lines.push('', `${''.padEnd(44)}baseline      HEAD  HEAD / baseline`)
  const single = (label, get, digits = 1) => {
    const b = at(base, get)
    const h = at(head, get)
    lines.push(`${label.padEnd(44)}${num(b, digits)}  ${num(h, digits)}  ${ratio(h, b)}`)
  }
  single('cold: first request, index from D1', (f) => f.cold.fromD1)
  single('cold: then the first facets request', (f) => f.cold.facets)
  single('cold: first request, index from R2 snapshot', (f) => f.cold.fromSnapshot)
  single('D1 round trips per request, p50', (f) => f.roundTrips.p50, 0)
  single('D1 round trips per request, max', (f) => f.roundTrips.max, 0)
  single('statements scanning a catalog table', (f) => f.fullTableScans, 0)
  const series = (runs) => runs.map((f) => f.categories.all.worker.p50.toFixed(1)).join(', ')
  lines.push('', `all, Worker p50 of each run: baseline ${series(base)}; HEAD ${series(head)}`)
  return lines.join('\n')
}

function webTable(base, head) {
  const names = [
    ['landing', 'LCP landing, desktop'],
    ['detail', 'LCP model page, desktop'],
    ['landingSlowPhone', 'LCP landing, slow phone'],
    ['detailSlowPhone', 'LCP model page, slow phone'],
  ]
  const loads = (runs, name) => runs.flatMap((f) => f.lcp[name]?.runs ?? [])
  const lines = [
    `bench:web, ${base.length} runs each; LCP: median of every cold load of every run (ms)`,
    '',
    `${''.padEnd(40)}baseline      HEAD  HEAD / baseline`,
  ]
  const row = (label, b, h, digits = 1) =>
    lines.push(`${label.padEnd(40)}${num(b, digits)}  ${num(h, digits)}  ${ratio(h, b)}`)
  const js = (runs, key) => median(runs.map((f) => f.landingJs[key])) / 1024
  row('landing initial JS, kB gzip', js(base, 'gzip'), js(head, 'gzip'))
  row('landing initial JS, kB raw', js(base, 'bytes'), js(head, 'bytes'))
  row(
    'landing initial JS, files',
    median(base.map((f) => f.landingJs.files)),
    median(head.map((f) => f.landingJs.files)),
    0,
  )
  for (const [name, label] of names) {
    if (!loads(base, name).length || !loads(head, name).length) continue
    row(
      `${label} (${loads(base, name).length} loads)`,
      median(loads(base, name)),
      median(loads(head, name)),
      0,
    )
  }
  // the server build's CPU time per render (bench/web-budget.mjs measureRenderCpu); a tree
  // without server rendering has none
  const cpu = (runs, name) => {
    const xs = runs.flatMap((f) => (f.renderCpu?.[name] ? [f.renderCpu[name].median] : []))
    return xs.length ? median(xs) : undefined
  }
  for (const [name, label] of [
    ['landing', 'server render CPU, landing, ms'],
    ['detail', 'server render CPU, model page, ms'],
  ]) {
    const [b, h] = [cpu(base, name), cpu(head, name)]
    if (b === undefined && h === undefined) continue
    const cell = (x) => (x === undefined ? '       –' : num(x))
    const r = b === undefined || h === undefined ? '       –' : ratio(h, b)
    lines.push(`${label.padEnd(40)}${cell(b)}  ${cell(h)}  ${r}`)
  }
  for (const [name, label] of names) {
    const cls = (runs) => Math.max(...runs.map((f) => f.lcp[name]?.maxCls ?? 0))
    row(`${label.replace('LCP', 'max layout shift')}`, cls(base), cls(head), 3)
  }
  lines.push('', 'Median LCP of each run (desktop landing / model page):')
  for (const [label, runs] of [
    ['baseline', base],
    ['HEAD', head],
  ])
    lines.push(
      `  ${label.padEnd(9)}${runs.map((f) => `${f.lcp.landing.median}/${f.lcp.detail.median}`).join(', ')}`,
    )
  const over = (runs) => runs.filter((f) => f.overBudget.length).length
  lines.push(`Runs over budget: baseline ${over(base)}, HEAD ${over(head)} of ${base.length}`)
  return lines.join('\n')
}
