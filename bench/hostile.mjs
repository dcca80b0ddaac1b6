// npm run bench:hostile — how long each hostile input takes to be refused, against a well-formed
// input through the same code in the same run. The issue asks that each case of the malformed-tar
// corpus and of the pull-through limits ends within 1 s; the tests (test/worker/tar-malformed and
// pull-through-limits) prove what each case reads and leaves, and this times them: it runs those
// two files in workerd with vitest's JSON reporter and prints every case's duration, the baseline
// of its file, and the ratio. The cases that wait on purpose (a stall timeout shortened to 300 ms,
// a wall time to 500 ms) are marked: their time is the timeout's. Exits 1 when a case takes 1 s or
// more.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const files = {
  'test/worker/tar-malformed.test.ts': 'reads 100,000 empty members when the cap allows them',
  'test/worker/pull-through-limits.test.ts':
    'fetches a well-formed 4 MiB asset (what bench:hostile compares the cases with)',
}
const limitMs = 1000
const waitsOnPurpose = /shortened to/

const dir = mkdtempSync(path.join(tmpdir(), 'bench-hostile-'))
const output = path.join(dir, 'results.json')
const run = spawnSync(
  path.join(root, 'node_modules/.bin/vitest'),
  [
    'run',
    '--config',
    'test/vitest.config.ts',
    '--project',
    'worker',
    '--reporter=json',
    `--outputFile=${output}`,
    ...Object.keys(files),
  ],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
)
const results = JSON.parse(readFileSync(output, 'utf8'))
rmSync(dir, { recursive: true, force: true })

let over = 0
for (const file of results.testResults) {
  const name = path.relative(root, file.name)
  const cases = file.assertionResults
  const baseline = cases.find((c) => c.title === files[name])
  console.log(`\n${name}\n  baseline: ${files[name]}: ${Math.round(baseline.duration)} ms`)
  console.log(`  ${'case'.padEnd(78)} ${'ms'.padStart(6)}  × baseline`)
  for (const c of cases) {
    if (c === baseline) continue
    const ms = Math.round(c.duration ?? 0)
    const mark =
      c.status !== 'passed' ? '  FAILED' : waitsOnPurpose.test(c.title) ? '  (waits)' : ''
    if (!mark && ms >= limitMs) over++
    const ratio = (ms / Math.max(baseline.duration, 1)).toFixed(2)
    console.log(`  ${c.title.slice(0, 78).padEnd(78)} ${String(ms).padStart(6)}  ${ratio}${mark}`)
  }
}
console.log(
  over ? `\n${over} case(s) took ${limitMs} ms or more` : `\nevery case ended within ${limitMs} ms`,
)
process.exit(run.status !== 0 || over ? 1 : 0)
