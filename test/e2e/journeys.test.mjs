// Browser journeys through the real stack: `npm start`'s code path (build, migrate, import the
// bundled snapshot, publish the demo models) on a port and state folder of its own, driven by
// Debian's chromium through playwright-core. Screenshots go to test/e2e/screenshots/.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { chromium } from 'playwright-core'
import { startModelport } from '../../scripts/start.mjs'

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const shots = path.resolve(import.meta.dirname, 'screenshots')
const demoDir = path.resolve(import.meta.dirname, '../../db/seed/demo-models')

let modelport
let browser
let stateDir

before(async () => {
  assert.ok(existsSync(chromiumPath), `chromium not found at ${chromiumPath}: apt-get install -y chromium`)
  mkdirSync(shots, { recursive: true })
  stateDir = mkdtempSync(path.join(tmpdir(), 'modelport-e2e-'))
  modelport = await startModelport({ port: 8790, persistTo: stateDir, inspectorPort: 9239, log: () => {} })
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
})

after(async () => {
  await browser?.close()
  await modelport?.stop()
  if (stateDir) rmSync(stateDir, { recursive: true, force: true })
})

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true })
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (err) => errors.push(err.message))
  return { page, context, errors }
}

describe('Modelport in the browser', () => {
  it('lands on the catalog and finds MoveNet by typing', async () => {
    const { page, context, errors } = await newPage()
    await page.goto(`${modelport.origin}/models`)
    await page.getByRole('list', { name: 'Models' }).getByRole('article').first().waitFor()
    await page.getByText(/1,309 models/).waitFor()
    await page.screenshot({ path: path.join(shots, 'landing-desktop.png') })

    await page.getByRole('searchbox', { name: 'Search models' }).fill('movene')
    await page.waitForURL(/q=movene/)
    const hit = page.getByRole('link', { name: 'movenet/singlepose/lightning' })
    await hit.waitFor()
    await hit.click()
    await page.waitForURL(/\/models\/google\/movenet-singlepose-lightning/)
    await page.getByRole('heading', { level: 1, name: 'movenet/singlepose/lightning' }).waitFor()
    await page.getByRole('heading', { name: 'Model card' }).waitFor()
    await page.getByRole('link', { name: /Imported from TF Hub/ }).waitFor()
    assert.deepEqual(errors, [])
    await context.close()
  })

  it('switches framework and variation on a TF Hub model, and deep links survive reload', async () => {
    const { page, context, errors } = await newPage()
    await page.goto(`${modelport.origin}/models/google/movenet-singlepose-lightning`)
    const frameworks = page.getByRole('navigation', { name: 'Frameworks' })
    await frameworks.getByRole('link', { name: /TF\.js/ }).click()
    await page.waitForURL(/\/tfJs\/default/)
    await page.getByText('Files for this version are not stored on Modelport yet.').waitFor()
    await frameworks.getByRole('link', { name: /TFLite/ }).click()
    await page.waitForURL(/\/tfLite\//)
    await page.getByRole('navigation', { name: /variations/ }).getByRole('link', { name: /tflite-int8/ }).click()
    await page.waitForURL(/\/tfLite\/tflite-int8/)

    await page.goto(`${modelport.origin}/models/google/imagenet-mobilenet-v2-100-224-classification/tensorFlow1/imagenet-mobilenet-v2-100-224-classification/2`)
    await page.getByRole('heading', { level: 1, name: 'imagenet/mobilenet_v2_100_224/classification' }).waitFor()
    assert.equal(await page.getByRole('combobox', { name: 'Version' }).inputValue(), '2')
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'imagenet/mobilenet_v2_100_224/classification' }).waitFor()
    await page.screenshot({ path: path.join(shots, 'detail-tfhub-desktop.png'), fullPage: false })
    assert.deepEqual(errors, [])
    await context.close()
  })

  it('downloads a demo model file whose sha256 matches the source', async () => {
    const { page, context } = await newPage()
    await page.goto(`${modelport.origin}/models/demo/movenet`)
    await page.getByRole('heading', { level: 1, name: 'MoveNet', exact: true }).waitFor()
    await page.screenshot({ path: path.join(shots, 'detail-demo-desktop.png') })
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download movenet-lightning.bin' }).click(),
    ])
    const file = await download.path()
    const expected = createHash('sha256').update(readFileSync(path.join(demoDir, 'movenet-lightning/movenet-lightning.bin'))).digest('hex')
    assert.equal(createHash('sha256').update(readFileSync(file)).digest('hex'), expected)
    await page.getByRole('link', { name: /Download all \(tar\.gz/ }).waitFor()
    await context.close()
  })

  it('renders on a 360 px phone and shows a real 404', async () => {
    const { page, context, errors } = await newPage({ width: 360, height: 740 })
    await page.goto(`${modelport.origin}/models`)
    await page.getByRole('list', { name: 'Models' }).getByRole('article').first().waitFor()
    await page.screenshot({ path: path.join(shots, 'landing-phone.png') })
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= 360, `landing page overflows the phone: ${width}px`)
    await page.goto(`${modelport.origin}/models/demo/movenet`)
    await page.getByRole('heading', { level: 1, name: 'MoveNet', exact: true }).waitFor()
    await page.screenshot({ path: path.join(shots, 'detail-phone.png') })
    await page.goto(`${modelport.origin}/models/acme/nothing-here`)
    await page.getByRole('heading', { name: 'Model not found' }).waitFor()
    await page.goto(`${modelport.origin}/no/such/page`)
    await page.getByRole('heading', { name: 'Page not found' }).waitFor()
    assert.deepEqual(errors, [])
    await context.close()
  })
})
