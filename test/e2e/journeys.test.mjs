// Browser journeys through the real stack: `npm start`'s code path (build, migrate, import the
// bundled snapshot, publish the demo models) on a port and state folder of its own, driven by
// chromium through playwright-core: the system's if installed, else the npm-shipped one
// (test/e2e/browser.mjs). Screenshots go to test/e2e/screenshots/; the web
// budget (bench/web-budget.mjs) is measured and checked in the same run.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { budget, measureLcp, measureWebBudget } from '../../bench/web-budget.mjs'
import { startModelport } from '../../scripts/start.mjs'
import { findChromium, launchChromium } from './browser.mjs'

const shots = path.resolve(import.meta.dirname, 'screenshots')
const demoDir = path.resolve(import.meta.dirname, '../../db/seed/demo-models')
const desktop = { width: 1280, height: 900 }
const figurePng = path.resolve(import.meta.dirname, '../fixtures/figure-192.png')
const facePng = path.resolve(import.meta.dirname, '../fixtures/face-256.png')
const phone = { width: 360, height: 740 }

let modelport
let browser
let stateDir

before(async () => {
  // unpacks the npm-shipped chromium on first use, before the server takes the CPUs
  const { source, executablePath } = await findChromium()
  mkdirSync(shots, { recursive: true })
  stateDir = mkdtempSync(path.join(tmpdir(), 'modelport-e2e-'))
  modelport = await startModelport({
    port: 8790,
    persistTo: stateDir,
    inspectorPort: 9239,
    log: () => {},
  })
  browser = await launchChromium()
  console.log(`# chromium ${browser.version()} (${source}: ${executablePath})`)
})

after(async () => {
  await browser?.close()
  await modelport?.stop()
  if (stateDir) rmSync(stateDir, { recursive: true, force: true })
})

async function newPage(viewport = desktop) {
  const context = await browser.newContext({ viewport, acceptDownloads: true })
  // Nothing leaves the machine: TF Hub publishers' avatars and card images point at other hosts.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort())
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (err) => errors.push(err.message))
  reportSlowRequests(page, context)
  return { page, context, errors }
}

// A page load that never finishes (seen now and then in CI) shows as a timeout on whatever the
// test waited for; this names the request behind it.
function reportSlowRequests(page, context) {
  const open = new Map()
  page.on('request', (request) => open.set(request, Date.now()))
  for (const done of ['requestfinished', 'requestfailed'])
    page.on(done, (request) => open.delete(request))
  const check = setInterval(() => {
    for (const [request, since] of open) {
      if (Date.now() - since < 10_000) continue
      console.error(`# request open for more than 10 s: ${request.method()} ${request.url()}`)
      open.delete(request)
    }
  }, 2000)
  check.unref()
  context.on('close', () => clearInterval(check))
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex')
const cards = (page) => page.getByRole('list', { name: 'Models' }).getByRole('article')

// The sign-up page is its own journey; here the account is made from within the page (same
// origin, so the session cookie is set and the CSRF check passes), then the page reloads.
async function signUp(page, username, displayName = username, password = 'correct horse 42') {
  const status = await page.evaluate(
    async (body) =>
      (
        await fetch('/api/v1/auth/signup', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status,
    { username, displayName, email: `${username}@example.test`, password },
  )
  assert.equal(status, 201)
  await page.reload()
}
const accountMenu = (page) => page.getByRole('navigation', { name: 'Account' })

/** How many models the API lists for a query: what the page's count must say. */
async function modelCount(query = '') {
  const res = await fetch(`${modelport.origin}/api/v1/models/list?pageSize=1&${query}`)
  assert.equal(res.status, 200)
  return (await res.json()).totalResults
}
/** The page's "N models", as the SPA writes N. */
const modelsText = (n) => new RegExp(`^${n.toLocaleString('en-US')} models$`)

const postFromPage = (page, method, apiPath, body) =>
  page.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(`/api/v1/${p}`, {
        method: m,
        headers: { 'content-type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    [method, apiPath, body],
  )

describe('Modelport in the browser', () => {
  it('searches "movenet", switches framework and variation, copies starter code, downloads a file whose sha256 matches', async () => {
    const { page, context, errors } = await newPage()
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: modelport.origin,
    })
    await page.goto(`${modelport.origin}/models`)
    await cards(page).first().waitFor()
    await page.getByText(modelsText(await modelCount())).waitFor()
    await page.getByRole('checkbox', { name: /^TF\.js, / }).waitFor()
    await page.screenshot({ path: path.join(shots, 'landing-desktop.png') })

    // results follow the typing; the URL keeps the search
    await page.getByRole('searchbox', { name: 'Search models' }).fill('movenet')
    await page.waitForURL(/\/models\?q=movenet$/)
    await page.getByRole('heading', { level: 1, name: 'Models matching “movenet”' }).waitFor()
    await page.locator('a[href="/models/google/movenet"]').first().click()
    await page.waitForURL(/\/models\/google\/movenet$/)
    await page.getByRole('heading', { level: 1, name: 'MoveNet' }).waitFor()
    assert.equal(await page.title(), 'MoveNet by Google · Modelport')
    assert.match(
      await page.locator('meta[name="description"]').getAttribute('content'),
      /^A convolutional neural network/,
    )
    await page.getByRole('link', { name: /Imported from TF Hub/ }).waitFor()

    // the family's variations, by framework (docs/tfhub.md, "Families"): the comparison table
    // lists every one; the selected one shows its own tags and TF Hub source
    const family = await (
      await fetch(`${modelport.origin}/api/v1/models/google/movenet/get`)
    ).json()
    assert.ok(family.instances.length > 10, `${family.instances.length} MoveNet variations`)
    const compared = page.locator('table.compare').getByRole('row')
    await compared.nth(family.instances.length).waitFor()
    assert.equal(await compared.count(), family.instances.length + 1)
    await page
      .getByRole('list', { name: 'Variation tags' })
      .getByText('Image pose detection')
      .waitFor()
    await page.getByText(/^From TF Hub: google\/movenet\//).waitFor()
    const frameworks = page.getByRole('navigation', { name: 'Frameworks' })
    await frameworks.getByRole('link', { name: /TFLite/ }).click()
    await page.waitForURL(/\/tfLite\/[\w-]+$/)
    await page
      .getByRole('navigation', { name: 'TFLite variations' })
      .getByRole('link', { name: /singlepose-lightning-tflite-int8/ })
      .click()
    await page.waitForURL(/\/tfLite\/singlepose-lightning-tflite-int8$/)
    await page.getByRole('tab', { name: 'TFLite' }).waitFor()
    await page
      .getByRole('link', { name: 'google/movenet/singlepose/lightning/tflite/int8/4' })
      .waitFor()
    // the old one-model-per-handle page redirects to its family's variation
    await page.goto(`${modelport.origin}/models/google/movenet-singlepose-lightning/tfJs/default`)
    await page.waitForURL(/\/models\/google\/movenet\/tfJs\/singlepose-lightning$/)
    assert.equal(await page.getByRole('combobox', { name: 'Version' }).inputValue(), '4')

    // a TF Hub version: Modelport fetches its files from upstream once, then serves them
    await page.getByText('Files for this version are not stored on Modelport yet.').waitFor()
    await page.getByRole('button', { name: 'Fetch the files from TF Hub' }).click()
    // the first answer is always a 202 (the fetch is queued): its progress shows until the next poll
    await page.getByRole('progressbar', { name: 'Files fetched from TF Hub' }).waitFor()
    const binLink = page.getByRole('link', { name: 'Download movenet-lightning.bin' })
    await binLink.waitFor({ timeout: 30_000 })
    await page.getByRole('link', { name: /^Download all \(tar\.gz, / }).waitFor()

    const handle = 'google/movenet/tfJs/singlepose-lightning/4'
    await page.getByRole('tab', { name: 'TF.js' }).click()
    await page.getByRole('button', { name: 'Copy code' }).click()
    await page.getByRole('button', { name: 'Copied' }).waitFor()
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    assert.equal(
      copied,
      `import * as tf from '@tensorflow/tfjs'\n\nconst model = await tf.loadGraphModel("${modelport.origin}/api/v1/files/${handle}/model.json")`,
    )
    await page.getByRole('tab', { name: 'kagglehub' }).click()
    await page.getByRole('button', { name: 'Copy code' }).click()
    assert.match(
      await page.evaluate(() => navigator.clipboard.readText()),
      new RegExp(`kagglehub\\.model_download\\("${handle}"\\)`),
    )
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: path.join(shots, 'detail-desktop.png') })
    await page.screenshot({ path: path.join(shots, 'detail-desktop-full.png'), fullPage: true })

    const [download] = await Promise.all([page.waitForEvent('download'), binLink.click()])
    assert.equal(download.suggestedFilename(), 'movenet-lightning.bin')
    // the same bytes as the demo model's copy of Google's MoveNet Lightning v4
    assert.equal(
      sha256(await download.path()),
      sha256(path.join(demoDir, 'movenet-lightning/movenet-lightning.bin')),
    )
    assert.deepEqual(errors, [])
    await context.close()
  })

  it('downloads a demo model file whose sha256 matches, and the whole version as tar.gz', async () => {
    const { page, context, errors } = await newPage()
    await page.goto(`${modelport.origin}/models/demo/movenet`)
    await page.getByRole('heading', { level: 1, name: 'MoveNet', exact: true }).waitFor()
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download model.json' }).click(),
    ])
    assert.equal(
      sha256(await file.path()),
      sha256(path.join(demoDir, 'movenet-lightning/model.json')),
    )
    const [archive] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^Download all \(tar\.gz/ }).click(),
    ])
    const bytes = readFileSync(await archive.path())
    assert.deepEqual([...bytes.subarray(0, 2)], [0x1f, 0x8b], 'the archive is gzip')
    // the usage panel counts the downloads of today
    await page.reload()
    await page.getByText(/^\d+ downloads? and \d+ votes? in the last 90 days/).waitFor()
    assert.deepEqual(errors, [])
    await context.close()
  })

  it('filters by framework and task, sorts, loads more, and keeps it all across reload and back', async () => {
    const tfLite = await modelCount('framework=tfLite')
    const classifiers = await modelCount('framework=tfLite&task=image-classification')
    // enough for a second page of 24 with a 41st card to open
    assert.ok(classifiers > 48, `${classifiers} TFLite image classifiers`)
    const { page, context, errors } = await newPage()
    await page.goto(`${modelport.origin}/models`)
    const sidebar = page.getByRole('complementary', { name: 'Filters' })
    await sidebar.getByRole('checkbox', { name: /^TFLite, / }).check()
    await page.waitForURL(/\/models\?framework=tfLite$/)
    await sidebar.getByRole('checkbox', { name: /^Image classification, / }).check()
    await page.waitForURL(/\/models\?framework=tfLite&task=image-classification$/)
    await page.getByText(modelsText(classifiers)).waitFor()
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('createTime')
    await page.waitForURL(/&sort=createTime$/)
    await cards(page).nth(23).waitFor()
    await page.getByRole('button', { name: 'Load more' }).click()
    await page.waitForURL(/&sort=createTime&page=2$/)
    await page.getByText(`Showing 48 of ${classifiers}`).waitFor()
    const titles = await cards(page).getByRole('heading').allTextContents()
    assert.equal(titles.length, 48)
    for (const chip of ['TFLite', 'Image classification']) {
      await page
        .getByRole('list', { name: 'Active filters' })
        .getByRole('button', { name: `Remove filter ${chip}` })
        .waitFor()
    }

    // reload: same filters, sort, both pages, and the place in the list
    const target = cards(page).nth(40)
    await target.scrollIntoViewIfNeeded()
    const scrolled = await page.evaluate(() => window.scrollY)
    assert.ok(scrolled > 1000, `scrolled to ${scrolled}`)
    await page.reload()
    await page.getByText(`Showing 48 of ${classifiers}`).waitFor()
    assert.deepEqual(await cards(page).getByRole('heading').allTextContents(), titles)
    assert.ok(await sidebar.getByRole('checkbox', { name: /^TFLite, / }).isChecked())
    assert.ok(await sidebar.getByRole('checkbox', { name: /^Image classification, / }).isChecked())
    assert.equal(await page.getByRole('combobox', { name: 'Sort by' }).inputValue(), 'createTime')
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 50, scrolled)

    // open a model from page 2, come back: the same list at the same place
    await cards(page).nth(40).getByRole('heading').getByRole('link').click()
    await page.waitForURL(/\/models\/[^?]+$/)
    await page.getByRole('heading', { level: 1, name: titles[40] }).waitFor()
    await page.goBack()
    await page.waitForURL(
      /\/models\?framework=tfLite&task=image-classification&sort=createTime&page=2$/,
    )
    await page.getByText(`Showing 48 of ${classifiers}`).waitFor()
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 50, scrolled)
    // back once more undoes the sort ("Load more" replaced its entry), and again the task
    await page.goBack()
    await page.waitForURL(/\/models\?framework=tfLite&task=image-classification$/)
    await page.getByText(modelsText(classifiers)).waitFor()
    assert.equal(await page.getByRole('combobox', { name: 'Sort by' }).inputValue(), 'hotness')
    await page.goBack()
    await page.waitForURL(/\/models\?framework=tfLite$/)
    await page.getByText(modelsText(tfLite)).waitFor()
    assert.equal(
      await sidebar.getByRole('checkbox', { name: /^Image classification, / }).isChecked(),
      false,
    )
    assert.deepEqual(errors, [])
    await context.close()
  })

  it('opens deep links directly: a version, a tab, an owner', async () => {
    const { page, context, errors } = await newPage()
    await page.goto(
      `${modelport.origin}/models/google/mobilenet-v2/tensorFlow1/100-224-classification/2`,
    )
    await page.getByRole('heading', { level: 1, name: 'MobileNet V2' }).waitFor()
    assert.equal(await page.getByRole('combobox', { name: 'Version' }).inputValue(), '2')
    await page.reload()
    assert.equal(await page.getByRole('combobox', { name: 'Version' }).inputValue(), '2')
    await page.getByRole('heading', { name: 'Compare variations' }).waitFor()

    await page.goto(`${modelport.origin}/models/google/movenet?tab=notebooks`)
    await page
      .getByRole('list', { name: 'Notebooks' })
      .getByRole('link', { name: 'MoveNet' })
      .waitFor()
    await page.getByRole('link', { name: /^Discussion/ }).click()
    await page.waitForURL(/\?tab=discussion$/)
    await page.getByText('No discussions yet').waitFor()

    await page.goto(`${modelport.origin}/owners/deepmind`)
    await page.getByRole('heading', { level: 1, name: 'DeepMind' }).waitFor()
    // the listing's count (the profile above says it too)
    await page
      .getByText(modelsText(await modelCount('owner=deepmind')))
      .last()
      .waitFor()
    await cards(page).first().waitFor()
    await page.screenshot({ path: path.join(shots, 'owner-desktop.png') })
    assert.deepEqual(errors, [])
    await context.close()
  })

  it('renders a hostile card inert: no script, handler or javascript: link runs', async () => {
    const { page, context, errors } = await newPage()
    const dialogs = []
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message())
      await dialog.dismiss()
    })
    // The one fake in these journeys: the catalog holds no hostile card, and none may be added to
    // it, so the browser is handed one model answer with a hostile card instead.
    const demo = await (await fetch(`${modelport.origin}/api/v1/models/demo/movenet/get`)).json()
    const hostile = [
      '# Hostile card',
      '<script>window.__pwned = "script"</script>',
      '<img src="/nope.png" onerror="window.__pwned = \'onerror\'; alert(1)" alt="bad image">',
      '<svg><script>window.__pwned = "svg"</script></svg>',
      '[click me](javascript:window.__pwned="link")',
      '<a href="JaVaScRiPt:window.__pwned=\'raw\'" onclick="window.__pwned=\'onclick\'">raw link</a>',
      '<iframe src="javascript:parent.__pwned=\'iframe\'"></iframe>',
      '<details open ontoggle="window.__pwned=\'toggle\'"><summary>x</summary></details>',
      '<form action="javascript:window.__pwned=\'form\'"><button>submit</button></form>',
    ].join('\n\n')
    await page.route('**/api/v1/models/demo/movenet/get', (route) =>
      route.fulfill({ json: { ...demo, description: hostile } }),
    )
    // the model page opened directly is drawn by the Worker from the real card: the app draws the
    // answer handed over on an in-app navigation, from the landing
    await page.goto(`${modelport.origin}/models?q=movenet`)
    await page.waitForFunction(() => window.__modelportHydrated === true)
    await page.locator('.model-grid a[href="/models/demo/movenet"]').first().click()
    await page.getByRole('heading', { name: 'Hostile card' }).waitFor()
    const card = page.locator('.model-card-body')
    await card.getByText('click me').click()
    await card.getByText('raw link').click()
    await page.waitForTimeout(500)
    assert.equal(await page.evaluate(() => window.__pwned), undefined)
    assert.deepEqual(dialogs, [])
    assert.equal(
      await card.locator('script, iframe, form, [onerror], [onclick], [ontoggle]').count(),
      0,
    )
    assert.equal(await card.locator('a[href^="javascript" i]').count(), 0)
    assert.equal(page.url(), `${modelport.origin}/models/demo/movenet`)
    assert.deepEqual(errors, [])
    await context.close()
  })

  it('works on a 360 px phone: landing, filters panel, model page, owner page, and a real 404', async () => {
    const { page, context, errors } = await newPage(phone)
    const fits = async (what) => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= phone.width, `${what} overflows the phone: ${width}px`)
    }
    await page.goto(`${modelport.origin}/models`)
    await cards(page).first().waitFor()
    await page.screenshot({ path: path.join(shots, 'landing-phone.png') })
    await fits('landing page')
    await page.getByRole('button', { name: 'Filters' }).click()
    await page.getByRole('checkbox', { name: /^TF\.js, / }).check()
    await page.waitForURL(/framework=tfJs/)
    await page.screenshot({ path: path.join(shots, 'filters-phone.png') })
    await page.getByRole('button', { name: /^Show [\d,]+ models$/ }).click()
    await page.getByRole('button', { name: /^Filters/ }).waitFor()
    await fits('filtered landing page')

    await page.goto(`${modelport.origin}/models/demo/movenet`)
    await page.getByRole('heading', { level: 1, name: 'MoveNet', exact: true }).waitFor()
    await page.getByRole('link', { name: 'Download model.json' }).waitFor()
    await page.screenshot({ path: path.join(shots, 'detail-phone.png') })
    await page.screenshot({ path: path.join(shots, 'detail-phone-full.png'), fullPage: true })
    await fits('model page')
    await page.goto(`${modelport.origin}/owners/google`)
    await cards(page).first().waitFor()
    await fits('owner page')

    await page.goto(`${modelport.origin}/models/acme/nothing-here`)
    await page.getByRole('heading', { name: 'Model not found' }).waitFor()
    await page.goto(`${modelport.origin}/no/such/page`)
    await page.getByRole('heading', { name: 'Page not found' }).waitFor()
    assert.equal(await page.title(), 'Page not found · Modelport')
    assert.deepEqual(errors, [])
    await context.close()
  })

  it('keyboard: skip link, search, and visible focus', async () => {
    const { page, context } = await newPage()
    await page.goto(`${modelport.origin}/models`)
    await cards(page).first().waitFor()
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'search')
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle)
    assert.notEqual(outline, 'none')
    await page.keyboard.type('bert')
    await page.keyboard.press('Enter')
    await page.waitForURL(/q=bert/)
    await context.close()
  })

  it(`stays within budget: landing JS ≤ ${budget.landingJsGzip / 1024} kB gzip, LCP ≤ ${budget.lcpMs} ms (median of 5)`, async () => {
    const log = (line) => console.log(`# ${line}`)
    const result = await measureWebBudget(browser, modelport.origin, {
      loads: 5,
      slowPhone: false,
      log,
    })
    assert.ok(
      result.landingJs.gzip <= budget.landingJsGzip,
      `landing JS is ${result.landingJs.gzip} B gzip`,
    )
    for (const name of ['landing', 'detail']) {
      let { median } = result.lcp[name]
      if (median > budget.lcpMs) {
        // a busy machine (other test runs) slows every load alike; one more set of 5 tells
        // a noisy moment from a slow page
        log(`LCP of ${name} over budget (${median} ms), measuring again`)
        const again = []
        for (let i = 0; i < 5; i++)
          again.push(Math.round((await measureLcp(browser, modelport.origin, name)).ms))
        median = Math.min(median, again.sort((a, b) => a - b)[2])
        log(`LCP ${name} again: [${again.join(', ')}]`)
      }
      // Wall-clock paint times mean little when other work holds the CPUs: the figure is reported
      // then, not enforced. `npm run bench:web` on a quiet machine is the reference.
      const [load] = loadavg()
      if (median > budget.lcpMs && load > availableParallelism()) {
        log(
          `LCP of ${name} (${median} ms) not enforced: load ${load.toFixed(1)} on ${availableParallelism()} CPUs`,
        )
        continue
      }
      assert.ok(median <= budget.lcpMs, `LCP of ${name}: ${median} ms`)
    }
  })
})

describe('accounts in the browser', () => {
  // a valid 1×1 PNG: the Worker sniffs the type from the bytes
  const tinyPng = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  )

  it('signs up, manages a token and an avatar, signs out and in by email, deletes the account', async () => {
    const { page, context, errors } = await newPage()
    const name = `e2e-${Date.now().toString(36)}`
    const email = `${name}@example.com`
    const password = 'correct horse battery'

    // the server's rules are hinted before sending
    await page.goto(`${modelport.origin}/signup?returnTo=%2Faccount`)
    await page.getByLabel('Username').fill('A')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByText('Username must be at least 3 characters.').waitFor()
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('name')),
      'username',
      'focus moves to the first field in error',
    )
    await page.screenshot({ path: path.join(shots, 'signup-desktop.png') })

    await page.getByLabel('Username').fill(name)
    await page.getByLabel('Display name (optional)').fill('E2E <b>Tester</b>')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Create account' }).click()
    // returnTo=/account, a same-site path, is where sign-up lands
    await page.waitForURL(/\/account$/)
    await accountMenu(page).getByRole('link', { name: 'E2E <b>Tester</b>' }).waitFor()

    // an access token, shown once, listed, then revoked
    await page.getByLabel('Token name').fill('laptop')
    await page.getByRole('button', { name: 'Create access token' }).click()
    await page.getByText('you will not see it again').waitFor()
    const credentials = page.getByRole('list', { name: 'API credentials' })
    await credentials.getByText('laptop').waitFor()
    await page.getByRole('button', { name: 'Revoke laptop' }).click()
    await credentials.getByText('laptop').waitFor({ state: 'detached' })

    // the session list marks this browser
    await page.getByRole('list', { name: 'Active sessions' }).getByText('This device').waitFor()

    // an avatar: a file too big is refused before sending; a PNG is stored
    await page
      .locator('#avatar-file')
      .setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(600 * 1024) })
    await page.getByText('The avatar must be at most 512 KiB.').waitFor()
    await page
      .locator('#avatar-file')
      .setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: tinyPng })
    await page.getByText('Avatar updated.').waitFor()
    await page.waitForFunction(() => document.querySelector('.avatar-editor img')?.naturalWidth > 0)

    // a legacy key downloads as kaggle.json, once
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Create legacy API key' }).click(),
    ])
    assert.equal(download.suggestedFilename(), 'kaggle.json')
    const kaggleJson = JSON.parse(readFileSync(await download.path(), 'utf8'))
    assert.equal(kaggleJson.username, name)
    assert.ok(kaggleJson.key.length >= 20)
    await page.getByText('You will not see this key again.').waitFor()

    await page.screenshot({ path: path.join(shots, 'account-desktop.png'), fullPage: true })
    await page.setViewportSize(phone)
    await page.screenshot({ path: path.join(shots, 'account-phone.png'), fullPage: true })
    assert.ok(
      (await page.evaluate(() => document.documentElement.scrollWidth)) <= phone.width,
      'the account page fits a 360 px phone',
    )
    await page.setViewportSize(desktop)

    await page.goto(`${modelport.origin}/users/${name}`)
    await page.getByRole('heading', { level: 1, name: 'E2E <b>Tester</b>' }).waitFor()
    const avatar = page.locator('.owner-avatar img')
    await avatar.waitFor()
    assert.match(await avatar.getAttribute('src'), /\/api\/v1\/avatars\//)
    await page.waitForFunction(() => document.querySelector('.owner-avatar img')?.naturalWidth > 0)
    await page.screenshot({ path: path.join(shots, 'user-desktop.png') })
    await page.setViewportSize(phone)
    await page.screenshot({ path: path.join(shots, 'user-phone.png') })
    await page.setViewportSize(desktop)

    // sign out from the header, then in again by email
    await accountMenu(page).getByRole('button', { name: 'Sign out' }).click()
    await accountMenu(page).getByRole('link', { name: 'Sign in' }).click()
    await page.waitForURL(/\/signin/)
    await page.getByLabel('Username or email').fill(email)
    await page.getByLabel('Password').fill('wrong password!')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').getByText('Wrong username, email or password').waitFor()
    await page.screenshot({ path: path.join(shots, 'signin-desktop.png') })
    await page.setViewportSize(phone)
    await page.screenshot({ path: path.join(shots, 'signin-phone.png') })
    await page.setViewportSize(desktop)
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await accountMenu(page).getByRole('link', { name: 'E2E <b>Tester</b>' }).click()
    await page.waitForURL(/\/account$/)

    // deleting asks for the username first
    await page.getByRole('button', { name: 'Delete account…' }).click()
    await page.getByLabel(`Type your username (${name}) to confirm`).fill(name)
    await page.getByLabel('Password', { exact: true }).last().fill(password)
    await page.getByRole('button', { name: 'Delete my account' }).click()
    await page.waitForURL(`${modelport.origin}/`)
    await accountMenu(page).getByRole('link', { name: 'Sign in' }).waitFor()

    // the profile is gone, or a tombstone, as the API says
    const api = await fetch(`${modelport.origin}/api/v1/users/${name}`)
    await page.goto(`${modelport.origin}/users/${name}`)
    if (api.status === 404) {
      await page.getByRole('heading', { level: 1, name: 'User not found' }).waitFor()
    } else {
      assert.equal(api.status, 200)
      await page.getByRole('heading', { level: 1, name: 'deleted user' }).waitFor()
    }
    // signed out for real: the account page sends to sign in
    await page.goto(`${modelport.origin}/account`)
    await page.waitForURL(/\/signin\?returnTo=%2Faccount$/)

    assert.deepEqual(errors, [])
    await context.close()
  })
})

describe('community in the browser', () => {
  const lightning = '/models/google/movenet'

  const votesOf = async (vote) => Number((await vote.textContent()).replace(/\D/g, ''))

  it('upvotes MoveNet, starts a topic, replies, edits the reply; signed out the thread stays and votes lead to sign-in', async () => {
    const { page, errors } = await newPage()
    await page.goto(`${modelport.origin}${lightning}`)
    await signUp(page, 'voter1')

    const modelVote = page.getByRole('button', { name: /^Upvote this model/ })
    await modelVote.waitFor()
    assert.equal(await modelVote.getAttribute('aria-pressed'), 'false')
    const before = await votesOf(modelVote)
    await modelVote.focus()
    await page.keyboard.press('Enter')
    await page.waitForFunction(
      () =>
        document.querySelector('.model-header .vote-button')?.getAttribute('aria-pressed') ===
        'true',
    )
    assert.equal(await votesOf(modelVote), before + 1)
    await page.reload()
    await modelVote.waitFor()
    assert.equal(await modelVote.getAttribute('aria-pressed'), 'true')
    assert.equal(await votesOf(modelVote), before + 1)

    // a topic, written with the preview checked first
    await page.getByRole('link', { name: /^Discussion/ }).click()
    await page.getByRole('button', { name: 'New topic' }).click()
    await page.getByLabel('Title').fill('Which input size for lightning?')
    await page.getByLabel('Body', { exact: true }).fill('Does it take **192x192** only?')
    await page.getByRole('button', { name: 'Preview' }).click()
    await page.locator('.md-preview strong', { hasText: '192x192' }).waitFor()
    await page.getByRole('button', { name: 'Post topic' }).click()
    await page.waitForURL(/\/models\/google\/movenet\/discussion\/\d+$/)
    const topicUrl = page.url()
    await page.getByRole('heading', { level: 1, name: 'Which input size for lightning?' }).waitFor()

    await page.getByLabel('Your reply').fill('Yes, 192x192 RGB.')
    await page.getByRole('button', { name: 'Post reply' }).click()
    const reply = page.getByRole('article', { name: 'Reply by voter1' })
    await reply.getByText('Yes, 192x192 RGB.').waitFor()
    await reply.getByRole('button', { name: 'Edit' }).click()
    await reply.getByLabel('Reply', { exact: true }).fill('Yes, 192x192 RGB, int32.')
    await reply.getByRole('button', { name: 'Save' }).click()
    await reply.getByText('Yes, 192x192 RGB, int32.').waitFor()
    await reply.getByText('edited', { exact: true }).waitFor()
    // upvoted from the keyboard, the reply keeps its button and the button its focus
    const replyVote = reply.getByRole('button', { name: /^Upvote this reply, 0 votes$/ })
    await replyVote.focus()
    await page.keyboard.press('Enter')
    await reply.getByRole('button', { name: /^Upvote this reply, 1 votes?$/ }).waitFor()
    assert.match(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''),
      /^Upvote this reply, 1 votes?$/,
    )
    await page.screenshot({ path: path.join(shots, 'topic-desktop.png'), fullPage: true })

    await page.goto(`${modelport.origin}${lightning}?tab=discussion`)
    await page.getByRole('link', { name: 'Which input size for lightning?' }).waitFor()
    await page.getByText('1 reply').waitFor()
    await page.screenshot({ path: path.join(shots, 'discussion-tab-desktop.png') })

    assert.equal((await postFromPage(page, 'POST', 'auth/signout')).status, 204)
    await page.reload()
    const signedOutVote = page.getByRole('link', { name: /^Upvote this model \(sign in first\)/ })
    await signedOutVote.waitFor()
    assert.equal(await votesOf(signedOutVote), before + 1)
    await page.getByRole('link', { name: 'Which input size for lightning?' }).waitFor()
    await page.goto(topicUrl)
    await page.getByText('Yes, 192x192 RGB, int32.').waitFor()
    await page.getByText('edited', { exact: true }).waitFor()
    await page.getByRole('link', { name: 'Sign in to reply' }).waitFor()
    const topicVote = page.getByRole('link', { name: /^Upvote this topic \(sign in first\)/ })
    assert.equal(
      await topicVote.getAttribute('href'),
      `/signin?returnTo=${encodeURIComponent(new URL(topicUrl).pathname)}`,
    )
    await topicVote.click()
    await page.waitForURL(/\/signin\?returnTo=/)
    assert.deepEqual(errors, [])
  })

  it('renders hostile titles, bodies, replies and display names inert', async () => {
    const { page, errors } = await newPage()
    const dialogs = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    const flag = 'window.__pwned=1'
    const hostile = [
      `<script>${flag}</script>`,
      `<img src=x onerror="${flag}">`,
      `[js link](javascript:${flag})`,
      `[js tab](jav&#x09;ascript:${flag})`,
      `[data link](data:text/html,<script>${flag}</script>)`,
      `<a href="javascript:${flag}">raw link</a>`,
      `<svg onload="${flag}"><script>${flag}</script></svg>`,
      `![x](x" onerror="${flag})`,
      `<iframe src="javascript:${flag}"></iframe>`,
      `[ref link][r]\n\n[r]: javascript:${flag}`,
      `<details open ontoggle="${flag}">x</details>`,
      `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">b64</a>`,
    ].join('\n\n')
    await page.goto(`${modelport.origin}${lightning}`)
    await signUp(page, 'mallory', `<img src=x onerror="${flag}"><script>${flag}</script>`)
    const topic = await postFromPage(page, 'POST', 'discussions/models/google/movenet', {
      title: `<script>${flag}</script><img src=x onerror="${flag}">`,
      body: hostile,
    })
    assert.equal(topic.status, 201)
    const reply = await postFromPage(page, 'POST', `discussions/topics/${topic.body.id}/comments`, {
      body: hostile,
    })
    assert.equal(reply.status, 201)

    await page.goto(`${modelport.origin}${lightning}?tab=discussion`)
    await page
      .getByRole('link', { name: `<script>${flag}</script><img src=x onerror="${flag}">` })
      .waitFor()
    await page.goto(`${modelport.origin}${lightning}/discussion/${topic.body.id}`)
    await page.getByRole('heading', { level: 1, name: /<script>/ }).waitFor()
    await page.locator('.post-body').nth(1).waitFor()
    // the preview goes through the same renderer
    await page.getByLabel('Your reply').fill(hostile)
    await page.getByRole('button', { name: 'Preview' }).click()
    await page.locator('.md-preview .markdown').waitFor()
    await page.waitForTimeout(300)

    const inert = await page.evaluate(() => {
      const posts = [...document.querySelectorAll('.post-body, .md-preview, .topic-heading')]
      const bad = []
      for (const root of posts) {
        for (const el of root.querySelectorAll('*')) {
          const tag = el.tagName.toLowerCase()
          if (['script', 'iframe', 'svg', 'object', 'embed'].includes(tag)) bad.push(tag)
          for (const attr of el.attributes) {
            if (/^on/i.test(attr.name)) bad.push(`${tag}[${attr.name}]`)
            if (
              /^(href|src|xlink:href)$/i.test(attr.name) &&
              /^\s*(javascript|data|vbscript):/i.test(attr.value)
            )
              bad.push(`${tag}[${attr.name}=${attr.value}]`)
          }
        }
      }
      return { bad, pwned: window.__pwned ?? null, posts: posts.length }
    })
    assert.ok(inert.posts >= 3, `rendered ${inert.posts} post bodies`)
    assert.deepEqual(inert.bad, [])
    assert.equal(inert.pwned, null)
    // the display name shows as words, not markup
    await page.getByRole('article', { name: /^Topic by <img src=x onerror=/ }).waitFor()
    // following every link in the posts runs nothing either
    for (const link of await page.locator('.post-body a[href]').all()) {
      await link.click({ modifiers: ['Control'] }).catch(() => {})
    }
    await page.waitForTimeout(300)
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null)
    assert.deepEqual(dialogs, [])
    assert.deepEqual(errors, [])

    // the suggest page, while signed in; and the three community pages at phone width
    await page.goto(`${modelport.origin}/suggest`)
    await page.getByLabel('Name').fill('Example model zoo')
    await page.getByLabel('Address (http or https)').fill('https://models.example.test/zoo')
    await page.getByRole('button', { name: 'Send suggestion' }).click()
    await page
      .getByRole('status')
      .getByText(/your suggestion is in the queue/)
      .waitFor()
    await page.getByText('Example model zoo').waitFor()
    await page.screenshot({ path: path.join(shots, 'suggest-desktop.png'), fullPage: true })
    await page.setViewportSize(phone)
    await page.screenshot({ path: path.join(shots, 'suggest-phone.png'), fullPage: true })
    await page.goto(`${modelport.origin}${lightning}?tab=discussion`)
    await page
      .getByRole('link', { name: /^Which input size|<script>/ })
      .first()
      .waitFor()
    await page.screenshot({ path: path.join(shots, 'discussion-tab-phone.png') })
    await page.goto(`${modelport.origin}${lightning}/discussion/${topic.body.id}`)
    await page.locator('.post-body').first().waitFor()
    await page.screenshot({ path: path.join(shots, 'topic-phone.png') })
  })
})

describe('notebooks in the browser', () => {
  const variation = '/models/demo/movenet/tfJs/singlepose-lightning'

  it('New notebook on MoveNet opens with the model attached, runs in the page (17 keypoints) and is saved; a second user forks it with the same input; the Notebooks tab lists both', async () => {
    const author = await newPage()
    await author.page.goto(`${modelport.origin}${variation}`)
    await signUp(author.page, 'nbauthor')
    await author.page.getByRole('button', { name: 'New notebook' }).click()
    await author.page.waitForURL(/\/notebooks\/nbauthor\/[a-z0-9-]+$/)
    const notebookUrl = author.page.url()
    const input = author.page.getByRole('complementary', { name: 'Input' })
    await input.getByRole('link').first().waitFor()
    assert.equal(
      await input.getByRole('link').first().getAttribute('href'),
      '/models/demo/movenet/tfJs/singlepose-lightning/1',
    )
    await author.page.locator('code.language-javascript', { hasText: 'await loadModel(' }).waitFor()
    await author.page.screenshot({ path: path.join(shots, 'notebook-desktop.png'), fullPage: true })

    // run all in the runner's sandboxed frame, on the figure bundled with the tests
    const runner = []
    const frames = []
    author.page.on('response', (res) => {
      if (/\/assets\/runner\//.test(res.url())) runner.push(res)
      if (res.url().endsWith('/notebook-runner/frame')) frames.push(res)
    })
    const violations = []
    author.page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text())
    })
    await author.page.getByLabel('Add files').setInputFiles(figurePng)
    await author.page.getByRole('button', { name: 'Run all' }).click()
    const result = author.page
      .locator('.nb-code')
      .nth(1)
      .locator('.nb-output', { hasText: 'Tensor float32 [1, 1, 17, 3]' })
    await result.waitFor({ timeout: 120_000 })
    const keypoints = ((await result.textContent()) ?? '').match(
      /\[\s*-?[\d.e+-]+\s*,\s*-?[\d.e+-]+\s*,\s*-?[\d.e+-]+\s*\]/g,
    )
    assert.equal(keypoints?.length, 17)
    await author.page.getByRole('status').filter({ hasText: '2 cells run' }).waitFor()
    assert.match(
      await author.page.locator('.nb-code').nth(1).locator('.nb-prompt').textContent(),
      /\[2\]/,
    )
    // the frame is sandboxed by its CSP too, eval is allowed there and nowhere else, and its
    // opaque origin reads the runner's chunk by CORS
    assert.equal(frames.length, 1, 'the runner frame loaded once')
    const frameCsp = frames[0].headers()['content-security-policy'] ?? ''
    assert.match(frameCsp, /(^|; )sandbox allow-scripts(;|$)/)
    assert.match(frameCsp, /script-src 'nonce-[^']+' 'unsafe-eval'/)
    assert.match(frameCsp, new RegExp(`frame-ancestors ${modelport.origin}(;|$)`))
    assert.ok(runner.length > 0, 'the runner worker loaded')
    assert.equal(runner[0].headers()['access-control-allow-origin'], '*')
    assert.deepEqual(violations, [])
    await author.page.screenshot({ path: path.join(shots, 'notebook-run.png'), fullPage: true })
    await author.page.getByRole('button', { name: 'Save version' }).click()
    await author.page.getByText(/version 2 ·/).waitFor()
    const saved = await author.page.evaluate(
      async (url) => (await fetch(url)).json(),
      new URL('ipynb', `${notebookUrl.replace('/notebooks/', '/api/v1/notebooks/')}/`).href,
    )
    const savedOutputs = saved.cells[3].outputs
    assert.equal(saved.cells[3].execution_count, 2)
    assert.ok(savedOutputs.some((o) => o.output_type === 'display_data' && o.data['image/png']))
    assert.ok(
      savedOutputs.some(
        (o) => o.output_type === 'execute_result' && /\[1, 1, 17, 3\]/.test(o.data['text/plain']),
      ),
    )

    const forker = await newPage()
    await forker.page.goto(notebookUrl)
    await signUp(forker.page, 'nbforker')
    // anyone may run it (the frame lends the code nothing of the visitor's session), but only
    // its owner may save a version
    await forker.page.getByRole('button', { name: 'Run all' }).waitFor()
    assert.equal(await forker.page.getByRole('button', { name: 'Save version' }).count(), 0)
    await forker.page.getByRole('button', { name: /^Fork/ }).click()
    await forker.page.waitForURL(/\/notebooks\/nbforker\/[a-z0-9-]+$/)
    await forker.page.getByText('Forked from').waitFor()
    await forker.page.getByRole('button', { name: 'Run all' }).waitFor()
    const forkInput = forker.page.getByRole('complementary', { name: 'Input' })
    await forkInput.getByRole('link').first().waitFor()
    assert.equal(
      await forkInput.getByRole('link').first().getAttribute('href'),
      '/models/demo/movenet/tfJs/singlepose-lightning/1',
    )

    await forker.page.goto(`${modelport.origin}/models/demo/movenet?tab=notebooks`)
    const list = forker.page.getByRole('list', { name: 'Notebooks on Modelport' })
    await list.waitFor()
    assert.equal(await list.getByRole('listitem').count(), 2)
    assert.match(
      (await forker.page.getByRole('link', { name: /^Notebooks/ }).textContent()) ?? '',
      /2/,
    )
    assert.deepEqual(author.errors, [])
    assert.deepEqual(forker.errors, [])
    await author.context.close()
    await forker.context.close()
  })

  it('New notebook on BlazeFace: a scoring cell typed in the editor finds a face in the bundled drawing; a comment; the owner deletes it', async () => {
    const { page, context, errors } = await newPage()
    await page.goto(`${modelport.origin}/models/demo/blazeface/tfJs/default`)
    await signUp(page, 'nbface')
    await page.getByRole('button', { name: 'New notebook' }).click()
    await page.waitForURL(/\/notebooks\/nbface\/[a-z0-9-]+$/)
    const viewerUrl = page.url()
    // a cell after the starter ones, written in the editor and saved as the next version:
    // BlazeFace takes pixels in [-1, 1]; its score outputs are logits, one per anchor
    const scoreCell = [
      'const scores = tf.tidy(() => {',
      '  const outputs = model.predict(input.div(127.5).sub(1))',
      '  return tf.sigmoid(tf.concat(outputs.filter((t) => t.shape[2] === 1), 1)).reshape([-1])',
      '})',
      'const boxes = (await scores.data()).filter((score) => score > 0.5).length',
      'display(`boxes over 0.5: ${boxes}`)',
    ].join('\n')
    await page.getByRole('link', { name: 'Edit', exact: true }).click()
    await page.waitForURL(/\/edit$/)
    const cells = page.getByRole('list', { name: 'Cells' }).locator('> li')
    await cells.first().locator('.cm-content').waitFor()
    const starter = await cells.count()
    await cells
      .nth(starter - 1)
      .getByRole('button', { name: '+ Code' })
      .click()
    assert.equal(await cells.count(), starter + 1)
    await cells.nth(starter).locator('.cm-content').click()
    // one input of the whole text, as a paste: typing key by key, the editor would close brackets
    await page.keyboard.insertText(scoreCell)
    await page.getByRole('button', { name: 'Save version' }).click()
    await page.waitForURL(viewerUrl)
    await page.getByText(/version 2 ·/).waitFor()
    const saved = await page.evaluate(
      async (url) => (await fetch(url)).json(),
      `${viewerUrl.replace('/notebooks/', '/api/v1/notebooks/')}/ipynb`,
    )
    const last = saved.cells.at(-1)
    assert.equal(Array.isArray(last.source) ? last.source.join('') : last.source, scoreCell)
    await page.getByLabel('Add files').setInputFiles(facePng)
    await page.getByRole('button', { name: 'Run all' }).click()
    const found = page.locator('.nb-output', { hasText: /^boxes over 0\.5: \d+$/ })
    await found.waitFor({ timeout: 120_000 })
    const boxes = Number(((await found.textContent()) ?? '').split(': ')[1])
    assert.ok(boxes >= 1, `${boxes} boxes`)
    await page.screenshot({ path: path.join(shots, 'notebook-blazeface.png'), fullPage: true })

    // the comment thread, under the notebook
    const thread = page.getByRole('region', { name: /comments?$/ })
    await thread.getByRole('textbox', { name: 'Your comment' }).fill('Found a **face**')
    await thread.getByRole('button', { name: 'Post comment' }).click()
    const comment = thread.getByRole('article', { name: /^Comment by / })
    await comment.locator('strong', { hasText: 'face' }).waitFor()

    // the owner deletes it: confirmed, gone, its address not found
    page.once('dialog', (dialog) => void dialog.accept())
    await page
      .locator('.notebook-actions')
      .getByRole('button', { name: 'Delete', exact: true })
      .click()
    await page.waitForURL((url) => !url.pathname.startsWith('/notebooks/'))
    await page.goto(viewerUrl)
    await page.getByRole('heading', { name: 'Notebook not found' }).waitFor()
    assert.deepEqual(errors, [])
    await context.close()
  })

  it('edits a notebook in CodeMirror: adds, moves and deletes cells, attaches a model found by search, downloads and saves a version', async () => {
    const { page, context, errors } = await newPage()
    await page.goto(`${modelport.origin}${variation}`)
    await signUp(page, 'nbeditor')
    await page.getByRole('button', { name: 'New notebook' }).click()
    await page.waitForURL(/\/notebooks\/nbeditor\/[a-z0-9-]+$/)
    const viewerUrl = page.url()
    await page.getByRole('link', { name: 'Edit', exact: true }).click()
    await page.waitForURL(/\/edit$/)
    const panel = page.getByRole('region', { name: 'Input' })
    const cells = page.getByRole('list', { name: 'Cells' }).locator('> li')
    await cells.first().locator('.cm-content').waitFor()
    assert.equal(await cells.count(), 4)
    // a code cell at the end, typed into its editor
    await cells.nth(3).getByRole('button', { name: '+ Code' }).click()
    assert.equal(await cells.count(), 5)
    await cells.nth(4).locator('.cm-content').click()
    await page.keyboard.type('display(6 * 7')
    // moved above the predicting cell, the markdown cell deleted
    await page.getByRole('button', { name: 'Move cell 5 up' }).click()
    await page.getByRole('button', { name: 'Delete cell 3' }).click()
    assert.equal(await cells.count(), 4)
    assert.equal(await cells.nth(2).locator('.cm-content').textContent(), 'display(6 * 7)')
    // Add models: search the catalog, attach BlazeFace's version 1
    await panel.getByLabel('Add models').fill('blazeface')
    await panel.getByRole('button', { name: 'Search', exact: true }).click()
    await panel
      .getByRole('list', { name: 'Search results' })
      .getByRole('button', { name: 'BlazeFace', exact: true })
      .click()
    await page.getByRole('button', { name: 'Attach demo/blazeface/tfJs/default version 1' }).click()
    await page
      .getByRole('list', { name: 'Attached models' })
      .getByText('demo/blazeface/tfJs/default/1')
      .waitFor()
    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Download .ipynb' }).click()
    const file = JSON.parse(readFileSync(await (await download).path(), 'utf8'))
    assert.equal(file.nbformat, 4)
    assert.deepEqual(
      file.cells.map((c) => c.cell_type),
      ['markdown', 'code', 'code', 'code'],
    )
    assert.equal(file.cells[2].source, 'display(6 * 7)')
    await page.screenshot({ path: path.join(shots, 'notebook-editor.png'), fullPage: true })
    await page.getByRole('button', { name: 'Save version' }).click()
    await page.waitForURL(viewerUrl)
    await page.getByText(/version 2 ·/).waitFor()
    await page.locator('code', { hasText: 'display(6 * 7)' }).waitFor()
    const input = page.getByRole('complementary', { name: 'Input' })
    await input.getByRole('link', { name: 'BlazeFace' }).waitFor()
    // the new cell runs
    await page.getByRole('button', { name: 'Run cell 3' }).click()
    await page.locator('.nb-output', { hasText: /^42$/ }).waitFor({ timeout: 60_000 })
    assert.deepEqual(errors, [])
    await context.close()
  })

  it('at 360 px, a long code line and a long output scroll inside their own boxes', async () => {
    const { page, context, errors } = await newPage({ width: 360, height: 740 })
    await page.goto(`${modelport.origin}/`)
    await signUp(page, 'nbnarrow')
    const long = `x = ${Array.from({ length: 30 }, (_, i) => `some_long_identifier_${i}`).join(' + ')}`
    const doc = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'code',
          metadata: {},
          execution_count: 1,
          source: long,
          outputs: [{ output_type: 'stream', name: 'stdout', text: `${'y'.repeat(300)}\n` }],
        },
      ],
    }
    const created = await page.evaluate(async (body) => {
      const res = await fetch('/api/v1/notebooks/upload?title=Long%20lines', {
        method: 'POST',
        headers: { 'content-type': 'application/x-ipynb+json' },
        body: JSON.stringify(body),
      })
      return res.json()
    }, doc)
    await page.goto(`${modelport.origin}/notebooks/${created.owner}/${created.slug}`)
    await page.locator('code', { hasText: 'some_long_identifier_29' }).waitFor()
    const boxes = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      pres: [...document.querySelectorAll('.nb-body pre')].map((p) => ({
        client: p.clientWidth,
        scroll: p.scrollWidth,
        right: p.getBoundingClientRect().right,
      })),
    }))
    assert.equal(boxes.page, 360)
    assert.equal(boxes.pres.length, 2)
    for (const box of boxes.pres) {
      assert.ok(box.scroll > box.client, 'the line is longer than its box, which scrolls')
      assert.ok(box.right <= 360, `the box ends inside the page (${box.right})`)
    }
    await page.screenshot({ path: path.join(shots, 'notebook-narrow.png'), fullPage: true })
    assert.deepEqual(errors, [])
    await context.close()
  })

  it('renders an uploaded hostile notebook inert: no script, handler or javascript: link runs', async () => {
    const { page, context, errors } = await newPage()
    const dialogs = []
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message())
      await dialog.dismiss()
    })
    await page.goto(`${modelport.origin}/`)
    await signUp(page, 'nbhostile')
    const flag = (how) =>
      `parent.__pwned=${JSON.stringify(how)};window.__pwned=${JSON.stringify(how)}`
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'markdown',
          metadata: {},
          source: [
            '# Hostile notebook\n\n',
            `[click me](javascript:${flag('link')})\n\n`,
            `<img src="/nope.png" onerror='${flag('onerror')}' alt="bad image">\n\n`,
            `<script>${flag('markdown script')}</script>`,
          ],
        },
        {
          cell_type: 'code',
          metadata: {},
          execution_count: 1,
          source: 'show()',
          outputs: [
            {
              output_type: 'display_data',
              metadata: {},
              data: { 'text/html': `<script>${flag('html')}</script><p>html output</p>` },
            },
            {
              output_type: 'display_data',
              metadata: {},
              data: {
                'image/svg+xml': `<svg xmlns="http://www.w3.org/2000/svg" onload='${flag('svg')}'><script>${flag('svg script')}</script></svg>`,
              },
            },
            {
              output_type: 'display_data',
              metadata: {},
              data: { 'application/javascript': flag('javascript') },
            },
          ],
        },
      ],
    }
    const created = await page.evaluate(async (doc) => {
      const res = await fetch('/api/v1/notebooks/upload?title=Hostile', {
        method: 'POST',
        headers: { 'content-type': 'application/x-ipynb+json' },
        body: JSON.stringify(doc),
      })
      return { status: res.status, body: await res.json() }
    }, notebook)
    assert.equal(created.status, 201)
    await page.goto(`${modelport.origin}/notebooks/${created.body.owner}/${created.body.slug}`)
    await page.getByRole('heading', { name: 'Hostile notebook' }).waitFor()
    await page.getByText('click me').click()
    await page.waitForTimeout(500)
    assert.equal(await page.evaluate(() => window.__pwned), undefined)
    assert.deepEqual(dialogs, [])
    const view = page.locator('.notebook-view')
    assert.equal(await view.locator('script, [onerror], [onload]').count(), 0)
    assert.equal(await view.locator('a[href^="javascript" i]').count(), 0)
    const frames = view.locator('iframe')
    assert.equal(await frames.count(), 2)
    for (const frame of await frames.all()) assert.equal(await frame.getAttribute('sandbox'), '')
    assert.equal(page.url(), `${modelport.origin}/notebooks/nbhostile/hostile`)
    assert.deepEqual(errors, [])
    await context.close()
  })

  it("runs someone else's notebook without lending it the visitor's session: no cookie, storage or account API, no write", async () => {
    // the author's cell tries what a hostile notebook would, against whoever presses Run
    const api = `${modelport.origin}/api/v1/account`
    const probe = [
      'const seen = { origin: self.origin, document: typeof document }',
      // (indexedDB.databases() would say so too, and chromium then reports an error of its own)
      'try { indexedDB.open("probe"); seen.storage = "open" } catch (e) { seen.storage = e.name }',
      `seen.hello = await fetch(${JSON.stringify(`${modelport.origin}/api/v1/hello`)}).then((r) => r.status)`,
      `seen.read = await fetch(${JSON.stringify(`${api}/tokens`)}, { credentials: 'include' })`,
      '  .then((r) => r.status, (e) => e.name)',
      `seen.write = await fetch(${JSON.stringify(`${api}/tokens`)}, {`,
      "  method: 'POST', mode: 'no-cors', credentials: 'include',",
      "  body: JSON.stringify({ name: 'stolen', scopes: ['read', 'write'] }),",
      '}).then((r) => r.type, (e) => e.name)',
      'display(JSON.stringify(seen))',
    ].join('\n')
    const author = await newPage()
    await author.page.goto(`${modelport.origin}/models`)
    await signUp(author.page, 'nbprober')
    const created = await author.page.evaluate(async (source) => {
      const doc = {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {
          kernelspec: { name: 'javascript', language: 'javascript', display_name: 'JS' },
        },
        cells: [
          {
            cell_type: 'code',
            id: 'probe',
            metadata: {},
            execution_count: null,
            source,
            outputs: [],
          },
        ],
      }
      const res = await fetch('/api/v1/notebooks/upload?title=Probe', {
        method: 'POST',
        headers: { 'content-type': 'application/x-ipynb+json' },
        body: JSON.stringify(doc),
      })
      return { status: res.status, body: await res.json() }
    }, probe)
    assert.equal(created.status, 201)
    assert.equal(created.body.language, 'javascript')

    const visitor = await newPage()
    await visitor.page.goto(
      `${modelport.origin}/notebooks/${created.body.owner}/${created.body.slug}`,
    )
    await signUp(visitor.page, 'nbvisitor')
    await visitor.page.getByRole('button', { name: 'Run all' }).click()
    const output = visitor.page.locator('.nb-output', { hasText: '"origin"' })
    await output.waitFor({ timeout: 120_000 })
    const seen = JSON.parse((await output.textContent()) ?? '')
    // an opaque origin: no document, no storage; a public read is anonymous, the account API
    // unreadable (no CORS for it, and no cookie sent), and a blind write refused
    assert.deepEqual(seen, {
      origin: 'null',
      document: 'undefined',
      storage: 'SecurityError',
      hello: 401,
      read: 'TypeError',
      write: 'opaque',
    })
    const tokens = await visitor.page.evaluate(async () =>
      (await fetch('/api/v1/account/tokens')).json(),
    )
    assert.ok(
      tokens.tokens.every((t) => t.name !== 'stolen'),
      'the notebook made no token for the visitor',
    )
    // the visitor is still signed in, in the page
    await accountMenu(visitor.page).waitFor()
    assert.deepEqual(author.errors, [])
    assert.deepEqual(visitor.errors, [])
    await author.context.close()
    await visitor.context.close()
  })
})

describe('sessions and moderation in the browser', () => {
  const blazeface = '/models/demo/blazeface'
  const demo = '/models/demo/movenet'

  async function signIn(page, login, password, returnTo = '/') {
    await page.goto(`${modelport.origin}/signin?returnTo=${encodeURIComponent(returnTo)}`)
    await page.getByLabel('Username or email').fill(login)
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${modelport.origin}${returnTo}`)
  }
  const sessionList = (page) => page.getByRole('list', { name: 'Active sessions' })
  const sessionCount = (page, n) =>
    page.waitForFunction(
      (count) => document.querySelectorAll('[aria-label="Active sessions"] > li').length === count,
      n,
    )
  const asOperator = async (method, apiPath, body) => {
    const res = await fetch(`${modelport.origin}/api/v1/${apiPath}`, {
      method,
      headers: {
        authorization: `Bearer ${modelport.adminToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: await res.json().catch(() => null) }
  }

  it('changes the password: the old one is refused, the new one works, the other device is signed out on its next request', async () => {
    const oldPassword = 'correct horse 42'
    const newPassword = 'battery staple 99'
    const laptop = await newPage()
    const phoneDevice = await newPage(phone)
    await laptop.page.goto(`${modelport.origin}/`)
    await signUp(laptop.page, 'pwchanger', 'Pat Changer', oldPassword)
    await signIn(phoneDevice.page, 'pwchanger', oldPassword, blazeface)
    const phoneVote = phoneDevice.page.getByRole('button', { name: /^Upvote this model/ })
    await phoneVote.waitFor()
    // on a phone the header's account link is the initial alone; its name is still the user's
    await accountMenu(phoneDevice.page).getByRole('link', { name: 'Pat Changer' }).waitFor()
    await phoneDevice.page.screenshot({ path: path.join(shots, 'header-signed-in-phone.png') })
    assert.ok(
      (await phoneDevice.page.evaluate(() => document.documentElement.scrollWidth)) <= phone.width,
    )

    await laptop.page.goto(`${modelport.origin}/account`)
    await sessionCount(laptop.page, 2)
    await laptop.page.getByLabel('Current password').fill('not my password')
    await laptop.page.getByLabel('New password').fill(newPassword)
    await laptop.page.getByRole('button', { name: 'Change password' }).click()
    await laptop.page.getByRole('alert').getByText('The current password is wrong').waitFor()
    await laptop.page.getByLabel('Current password').fill(oldPassword)
    await laptop.page.getByLabel('New password').fill(newPassword)
    await laptop.page.getByRole('button', { name: 'Change password' }).click()
    await laptop.page.getByText('Password changed. Your other sessions were signed out.').waitFor()
    // the API ends every session but this one (docs/accounts.md)
    await sessionCount(laptop.page, 1)
    await sessionList(laptop.page).getByText('This device').waitFor()

    // the phone finds out on its next request: the vote is refused and the page shows it signed out
    await phoneVote.click()
    await accountMenu(phoneDevice.page).getByRole('link', { name: 'Sign in' }).waitFor()
    await phoneDevice.page
      .getByRole('link', { name: /^Upvote this model \(sign in first\)/ })
      .waitFor()
    await phoneDevice.page.reload()
    await accountMenu(phoneDevice.page).getByRole('link', { name: 'Sign in' }).waitFor()

    // the laptop stays signed in
    await laptop.page.reload()
    await accountMenu(laptop.page).getByRole('link', { name: 'Pat Changer' }).waitFor()

    // the old password no longer signs in; the new one does
    const fresh = await newPage()
    await fresh.page.goto(`${modelport.origin}/signin`)
    await fresh.page.getByLabel('Username or email').fill('pwchanger')
    await fresh.page.getByLabel('Password').fill(oldPassword)
    await fresh.page.getByRole('button', { name: 'Sign in' }).click()
    await fresh.page.getByRole('alert').getByText('Wrong username, email or password').waitFor()
    await fresh.page.getByLabel('Password').fill(newPassword)
    await fresh.page.getByRole('button', { name: 'Sign in' }).click()
    await fresh.page.waitForURL(`${modelport.origin}/`)
    await accountMenu(fresh.page).getByRole('link', { name: 'Pat Changer' }).waitFor()

    for (const device of [laptop, phoneDevice, fresh]) {
      assert.deepEqual(device.errors, [])
      await device.context.close()
    }
  })

  it('revokes the other device from the session list, then signs out everywhere', async () => {
    const password = 'correct horse 42'
    const a = await newPage()
    const b = await newPage()
    await a.page.goto(`${modelport.origin}/`)
    await signUp(a.page, 'twodevices', 'Two Devices', password)
    await signIn(b.page, 'twodevices', password, '/account')
    await sessionList(b.page).getByText('This device').waitFor()

    await a.page.goto(`${modelport.origin}/account`)
    await sessionCount(a.page, 2)
    await a.page.screenshot({ path: path.join(shots, 'sessions-desktop.png'), fullPage: true })
    // this device's row offers "Sign out", the other one's "Revoke"
    await sessionList(a.page).getByRole('button', { name: 'Revoke' }).click()
    await sessionCount(a.page, 1)
    await sessionList(a.page).getByText('This device').waitFor()

    // b, still showing the account page, learns on its next request and is sent to sign in
    await b.page.getByLabel('Token name').fill('ci')
    await b.page.getByRole('button', { name: 'Create access token' }).click()
    await b.page.waitForURL(/\/signin\?returnTo=%2Faccount$/)
    await accountMenu(b.page).getByRole('link', { name: 'Sign in' }).waitFor()
    // a is untouched
    await a.page.reload()
    await accountMenu(a.page).getByRole('link', { name: 'Two Devices' }).waitFor()

    // b signs in again from there and is back on its account page
    await b.page.getByLabel('Username or email').fill('twodevices')
    await b.page.getByLabel('Password').fill(password)
    await b.page.getByRole('button', { name: 'Sign in' }).click()
    await b.page.waitForURL(/\/account$/)
    await sessionList(b.page).getByText('This device').waitFor()

    // sign out everywhere: a goes home signed out, b on its next request
    await a.page.reload()
    await sessionCount(a.page, 2)
    await a.page.getByRole('button', { name: 'Sign out everywhere' }).click()
    await a.page.waitForURL(`${modelport.origin}/`)
    await accountMenu(a.page).getByRole('link', { name: 'Sign in' }).waitFor()
    await b.page.getByLabel('Token name').fill('ci')
    await b.page.getByRole('button', { name: 'Create access token' }).click()
    await b.page.waitForURL(/\/signin\?returnTo=%2Faccount$/)
    await b.page.goto(`${modelport.origin}/account`)
    await b.page.waitForURL(/\/signin\?returnTo=%2Faccount$/)

    for (const device of [a, b]) {
      assert.deepEqual(device.errors, [])
      await device.context.close()
    }
  })

  it('an admin and a member of the owning organization pin, lock and hide from the thread; a signed-out reader sees the result', async () => {
    // the admin is bootstrapped the README's way; the member joins the demo organization
    const admin = await asOperator('POST', 'admin/users', {
      username: 'modadmin',
      email: 'modadmin@example.test',
      password: 'admin password 42',
      admin: true,
    })
    assert.equal(admin.status, 201)
    assert.equal(admin.body.username, 'modadmin')
    const member = await asOperator('POST', 'admin/users', {
      username: 'demomember',
      email: 'demomember@example.test',
      password: 'member password 42',
    })
    assert.equal(member.status, 201)
    assert.equal(
      (await asOperator('PUT', 'admin/organizations/demo/members/demomember', { role: 'member' }))
        .status,
      200,
    )

    const poster = await newPage()
    await poster.page.goto(`${modelport.origin}${demo}`)
    await signUp(poster.page, 'poster1')
    const started = (title, body) =>
      postFromPage(poster.page, 'POST', 'discussions/models/demo/movenet', { title, body })
    const faq = (await started('The MoveNet FAQ', 'Answers to common questions.')).body
    const offTopic = (await started('Selling GPUs, cheap', 'Write to me.')).body
    for (const body of ['Thanks, this helped.', 'Buy followers at example.test'])
      assert.equal(
        (await postFromPage(poster.page, 'POST', `discussions/topics/${faq.id}/comments`, { body }))
          .status,
        201,
      )
    const faqPath = `${demo}/discussion/${faq.id}`

    // the admin pins and locks the FAQ and hides the spam reply, from the thread
    const mod = await newPage()
    await signIn(mod.page, 'modadmin', 'admin password 42', faqPath)
    const opening = mod.page.getByRole('article', { name: 'Topic by poster1' })
    const heading = mod.page.getByRole('heading', { level: 1 })
    await opening.getByRole('button', { name: 'Pin' }).click()
    await heading.getByText('Pinned').waitFor()
    await opening.getByRole('button', { name: 'Lock' }).click()
    await heading.getByText('Locked').waitFor()
    await opening.getByRole('button', { name: 'Unpin' }).waitFor()
    await opening.getByRole('button', { name: 'Unlock' }).waitFor()
    await mod.page.getByText('This topic is locked: it takes no new replies.').waitFor()
    const spam = mod.page
      .getByRole('article', { name: 'Reply by poster1' })
      .filter({ hasText: 'Buy followers' })
    await spam.getByRole('button', { name: 'Hide' }).click()
    // moderators still read it, marked
    await spam.getByText('Hidden', { exact: true }).waitFor()
    await spam.getByRole('button', { name: 'Unhide' }).waitFor()
    await mod.page.screenshot({ path: path.join(shots, 'moderation-desktop.png'), fullPage: true })

    // the organization's member hides the off-topic topic; the list still shows it to them
    const owner = await newPage(phone)
    await signIn(owner.page, 'demomember', 'member password 42', `${demo}?tab=discussion`)
    const ownerTopics = owner.page.getByRole('list', { name: 'Discussion topics' })
    await ownerTopics.getByRole('link', { name: 'Selling GPUs, cheap' }).click()
    await owner.page.waitForURL(new RegExp(`/discussion/${offTopic.id}$`))
    const offTopicPost = owner.page.getByRole('article', { name: 'Topic by poster1' })
    await offTopicPost.getByRole('button', { name: 'Hide' }).click()
    await offTopicPost.getByText('Hidden', { exact: true }).waitFor()
    await owner.page.screenshot({ path: path.join(shots, 'moderation-phone.png'), fullPage: true })
    await owner.page.goto(`${modelport.origin}${demo}?tab=discussion`)
    await ownerTopics
      .getByRole('listitem')
      .filter({ hasText: 'Selling GPUs, cheap' })
      .getByText('Hidden', { exact: true })
      .waitFor()

    // a signed-out reader: the pinned topic first with its badges, the hidden one gone
    const reader = await newPage()
    await reader.page.goto(`${modelport.origin}${demo}?tab=discussion`)
    const topics = reader.page.getByRole('list', { name: 'Discussion topics' })
    await topics.getByRole('link', { name: 'The MoveNet FAQ' }).waitFor()
    assert.match(
      await topics.getByRole('listitem').first().textContent(),
      /Pinned\s*Locked\s*The MoveNet FAQ/,
    )
    assert.equal(await topics.getByText('Selling GPUs, cheap').count(), 0)
    // the thread: locked, the hidden reply keeps its place without its words
    await topics.getByRole('link', { name: 'The MoveNet FAQ' }).click()
    await reader.page.getByText('This topic is locked: it takes no new replies.').waitFor()
    await reader.page.getByText('Thanks, this helped.').waitFor()
    await reader.page.getByText('This reply is hidden by a moderator.').waitFor()
    assert.equal(await reader.page.getByText('Buy followers').count(), 0)
    assert.equal(
      await reader.page
        .getByRole('button', { name: /^(Pin|Unpin|Lock|Unlock|Hide|Unhide)$/ })
        .count(),
      0,
    )
    await reader.page.screenshot({ path: path.join(shots, 'moderated-topic-signed-out.png') })
    // the hidden topic's own address finds nothing
    await reader.page.goto(`${modelport.origin}${demo}/discussion/${offTopic.id}`)
    await reader.page.getByText('Topic not found').waitFor()

    // the author, signed in but no moderator, cannot reply to the locked topic either
    await poster.page.goto(`${modelport.origin}${faqPath}`)
    await poster.page.getByText('This topic is locked: it takes no new replies.').waitFor()
    assert.equal(await poster.page.getByRole('button', { name: 'Post reply' }).count(), 0)
    assert.equal(await poster.page.getByRole('button', { name: 'Pin' }).count(), 0)

    for (const device of [poster, mod, owner, reader]) {
      assert.deepEqual(device.errors, [])
      await device.context.close()
    }
  })
})
