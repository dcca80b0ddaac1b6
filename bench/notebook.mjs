// The notebook viewer's budget, in headless chromium against a Modelport of its own:
//   - the initial JavaScript of a JavaScript notebook's page (every script a cold load fetches
//     until it settles, gzipped at level 9), beside the landing page's in the same run; and that
//     it loads neither the editor (CodeMirror) nor the runner (TF.js) until asked. The editor's
//     and the runner's chunks are then measured as they load on demand.
//   - the first render of a 5 MB notebook (1,000 code cells with text and image outputs): from
//     navigation to every cell in the DOM, and its LCP, median of 3 cold loads, beside a
//     one-cell notebook measured the same way in the same run.
//
//   npm run bench:notebook     starts its own Modelport on :8796 (or BENCH_PORT), stops it after
//   --json                     the figures also as one line of JSON, printed last
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { launchChromium } from '../test/e2e/browser.mjs'
import { startModelport } from '../scripts/start.mjs'
import { measureLandingJs } from './web-budget.mjs'

const port = Number(process.env.BENCH_PORT ?? 8796)
const loads = 3
const kB = (n) => `${(n / 1024).toFixed(1)} kB`
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]

// a 1x1 PNG, repeated as outputs: images are part of what a big notebook renders
const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

/** An .ipynb of about `megabytes` MB: code cells with a source, a text output and an image. */
function bigNotebook(cells) {
  const line = (i, j) =>
    `values_${i}_${j} = [${Array.from({ length: 12 }, (_, k) => k * j).join(', ')}]\n`
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language: 'python' } },
    cells: Array.from({ length: cells }, (_, i) => ({
      cell_type: 'code',
      metadata: {},
      execution_count: i + 1,
      source: Array.from({ length: 40 }, (_, j) => line(i, j)).join(''),
      outputs: [
        { output_type: 'stream', name: 'stdout', text: `${'result '.repeat(300)}\n` },
        {
          output_type: 'display_data',
          metadata: {},
          data: { 'image/png': png, 'text/plain': '<Figure>' },
        },
      ],
    })),
  }
}

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort())
  return { context, page: await context.newPage() }
}

/** Scripts fetched by the page, as they arrive (workers' too), with raw and gzip sizes. */
function collectScripts(page) {
  const scripts = []
  page.context().on('response', async (res) => {
    const type = res.request().resourceType()
    if (type !== 'script' && !new URL(res.url()).pathname.endsWith('.js')) return
    const body = await res.body().catch(() => undefined)
    if (body)
      scripts.push({
        url: new URL(res.url()).pathname,
        bytes: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
        codemirror: body.includes('cm-editor'),
        tfjs: body.includes('tfjs-core') || body.includes('@tensorflow'),
      })
  })
  return scripts
}
const sum = (scripts) => scripts.reduce((n, s) => n + s.gzip, 0)

async function upload(origin, session, doc, title) {
  const body = JSON.stringify(doc)
  const res = await fetch(`${origin}/api/v1/notebooks/upload?title=${encodeURIComponent(title)}`, {
    method: 'POST',
    headers: { cookie: session, origin, 'content-type': 'application/x-ipynb+json' },
    body,
  })
  if (res.status !== 201) throw new Error(`upload ${title}: ${res.status} ${await res.text()}`)
  return { ...(await res.json()), bytes: body.length }
}

async function signUp(origin) {
  const res = await fetch(`${origin}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({
      username: 'bencher',
      displayName: 'Bencher',
      email: 'bencher@example.test',
      password: 'correct horse 42',
    }),
  })
  if (res.status !== 201) throw new Error(`signup: ${res.status} ${await res.text()}`)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

/** ms from navigation start until `count` cells are in the DOM, checked each frame. */
async function cellsDrawn(page, count) {
  const handle = await page.waitForFunction(
    (n) => document.querySelectorAll('.notebook-view .nb-cell').length >= n && performance.now(),
    count,
    { timeout: 120_000, polling: 'raf' },
  )
  return handle.jsonValue()
}

/**
 * One cold load: ms from navigation start until the first cell is drawn, until the first code
 * block is highlighted, until all `cells` cells are in the DOM; and the LCP.
 */
async function firstRender(browser, url, cells) {
  const { context, page } = await newPage(browser)
  try {
    await page.goto(url)
    const first = await cellsDrawn(page, 1)
    const ms = await cellsDrawn(page, cells)
    const highlighted = await (
      await page.waitForFunction(
        () => document.querySelector('.nb-code code[data-highlighted]') && performance.now(),
        null,
        { timeout: 120_000, polling: 'raf' },
      )
    ).jsonValue()
    const lcp = await page.evaluate(
      () =>
        new Promise((resolve) =>
          new PerformanceObserver((list) => resolve(list.getEntries().at(-1).startTime)).observe({
            type: 'largest-contentful-paint',
            buffered: true,
          }),
        ),
    )
    return {
      first: Math.round(first),
      ms: Math.round(ms),
      highlighted: Math.round(highlighted),
      lcp: Math.round(lcp),
    }
  } finally {
    await context.close()
  }
}

/** Resolves once the page has had no request open for `ms`. */
function quiet(page, ms = 500) {
  const open = new Set()
  const onRequest = (r) => open.add(r)
  const onDone = (r) => open.delete(r)
  page.on('request', onRequest)
  page.on('requestfinished', onDone)
  page.on('requestfailed', onDone)
  return new Promise((resolve) => {
    let idleSince = Date.now()
    const check = setInterval(() => {
      if (open.size > 0) idleSince = Date.now()
      else if (Date.now() - idleSince >= ms) {
        clearInterval(check)
        page.off('request', onRequest)
        page.off('requestfinished', onDone)
        page.off('requestfailed', onDone)
        resolve()
      }
    }, 50)
  })
}

const state = mkdtempSync(path.join(tmpdir(), 'modelport-bench-notebook-'))
const modelport = await startModelport({
  port,
  persistTo: state,
  inspectorPort: Number(process.env.BENCH_INSPECTOR_PORT ?? port + 450),
  log: () => {},
})
const browser = await launchChromium()
try {
  const origin = modelport.origin
  const session = await signUp(origin)
  const created = await fetch(`${origin}/api/v1/notebooks`, {
    method: 'POST',
    headers: { cookie: session, origin, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Bench MoveNet',
      input: {
        owner: 'demo',
        model: 'movenet',
        framework: 'tfJs',
        variation: 'singlepose-lightning',
      },
    }),
  }).then((r) => r.json())
  const viewerUrl = `${origin}/notebooks/${created.owner}/${created.slug}`

  const landing = await measureLandingJs(browser, origin)
  console.log(`landing initial JS: ${kB(landing.gzip)} gzip in ${landing.scripts.length} files`)

  // the viewer: signed in (so Edit shows), cold cache
  const { context, page } = await newPage(browser)
  await context.addCookies(
    session.split('; ').map((c) => {
      const [name, ...value] = c.split('=')
      return { name, value: value.join('='), url: origin }
    }),
  )
  const scripts = collectScripts(page)
  await page.goto(viewerUrl)
  await page.getByRole('button', { name: 'Run all' }).waitFor()
  await page.waitForLoadState('networkidle')
  const initial = [...scripts]
  const viewer = {
    gzip: sum(initial),
    files: initial.length,
    codemirror: initial.some((s) => s.codemirror),
    tfjs: initial.some((s) => s.tfjs),
  }
  console.log(
    `notebook viewer initial JS: ${kB(viewer.gzip)} gzip in ${viewer.files} files (${kB(viewer.gzip - landing.gzip)} over the landing's); CodeMirror loaded: ${viewer.codemirror ? 'YES' : 'no'}; TF.js loaded: ${viewer.tfjs ? 'YES' : 'no'}`,
  )
  // the runner, on the first run
  await page.getByRole('button', { name: 'Run all' }).click()
  await page.locator('.nb-output').first().waitFor({ timeout: 120_000 })
  await page.waitForLoadState('networkidle')
  const runner = scripts.slice(initial.length)
  console.log(
    `runner on the first run: ${kB(sum(runner))} gzip in ${runner.length} files (TF.js in it: ${runner.some((s) => s.tfjs) ? 'yes' : 'NO'})`,
  )
  // the editor, on its route
  const beforeEdit = scripts.length
  await page.getByRole('link', { name: 'Edit', exact: true }).click()
  await page.locator('.cm-content').first().waitFor()
  // not waitForLoadState('networkidle'): leaving the viewer removes the runner's frame, after
  // which playwright never reports the page idle again
  await quiet(page)
  const editor = scripts.slice(beforeEdit)
  console.log(
    `editor on its route: ${kB(sum(editor))} gzip in ${editor.length} files (CodeMirror in it: ${editor.some((s) => s.codemirror) ? 'yes' : 'NO'})`,
  )
  await context.close()

  const small = await upload(origin, session, bigNotebook(1), 'One cell')
  const big = await upload(origin, session, bigNotebook(1000), 'Five megabytes')
  const renders = {}
  for (const [name, nb, cells] of [
    ['one cell', small, 1],
    ['5 MB', big, 1000],
  ]) {
    const runs = []
    for (let i = 0; i < loads; i++)
      runs.push(await firstRender(browser, `${origin}/notebooks/${nb.owner}/${nb.slug}`, cells))
    renders[name] = {
      bytes: nb.bytes,
      first: median(runs.map((r) => r.first)),
      highlighted: median(runs.map((r) => r.highlighted)),
      ms: median(runs.map((r) => r.ms)),
      lcp: median(runs.map((r) => r.lcp)),
      runs: runs.map((r) => r.ms),
    }
    console.log(
      `first render, ${name} notebook (${(nb.bytes / 1e6).toFixed(2)} MB, ${cells} cells): first cell ${renders[name].first} ms, first code highlighted ${renders[name].highlighted} ms, all cells drawn in ${renders[name].ms} ms (median of [${renders[name].runs.join(', ')}]), LCP ${renders[name].lcp} ms`,
    )
  }
  console.log(
    `5 MB / one cell: ${(renders['5 MB'].ms / renders['one cell'].ms).toFixed(2)}x the time to all cells`,
  )
  const failures = [
    viewer.codemirror && 'the viewer loads CodeMirror',
    viewer.tfjs && 'the viewer loads TF.js',
  ].filter(Boolean)
  console.log(
    failures.length
      ? `OVER BUDGET: ${failures.join('; ')}`
      : 'within budget (no editor, no TF.js until asked)',
  )
  if (process.argv.includes('--json'))
    console.log(
      JSON.stringify({
        bench: 'notebook',
        landingJs: { gzip: landing.gzip },
        viewerJs: viewer,
        runnerJs: { gzip: sum(runner), files: runner.length },
        editorJs: { gzip: sum(editor), files: editor.length },
        renders,
        overBudget: failures,
      }),
    )
  process.exitCode = failures.length ? 1 : 0
} finally {
  await browser.close()
  await modelport.stop()
  rmSync(state, { recursive: true, force: true })
}
