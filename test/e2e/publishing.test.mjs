// Publishing from the browser (docs/publishing.md, "In the browser"), through `npm start`'s code
// path on a port and state folder of its own (PUBLISH_TEST_PORT, default 8842, and the next one
// for the inspector), driven by chromium: sign up, create a private model with a card, a licence
// and a tag, upload a TF.js model folder (the demo MoveNet's model.json and weights, and a 40 MiB
// shard big enough to be caught half-way), pause and resume, reload while a chunk is on its way
// and resume from what the server holds, publish version 1, download a file through the page and
// check its sha256, see the model in "Your models"; then edit it from its page, make it public
// and delete it. Screenshots go to test/e2e/screenshots/.
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startModelport } from '../../scripts/start.mjs'
import { findChromium, launchChromium } from './browser.mjs'

const shots = path.resolve(import.meta.dirname, 'screenshots')
const movenet = path.resolve(import.meta.dirname, '../../db/seed/demo-models/movenet-lightning')
const port = Number(process.env.PUBLISH_TEST_PORT ?? 8842)
const desktop = { width: 1280, height: 900 }
const phone = { width: 360, height: 740 }
const MiB = 1024 * 1024
const shard = 'group1-shard2of2.bin'

let modelport
let browser
let stateDir
let folder

before(async () => {
  await findChromium()
  mkdirSync(shots, { recursive: true })
  stateDir = mkdtempSync(path.join(tmpdir(), 'modelport-e2e-publish-'))
  folder = path.join(mkdtempSync(path.join(tmpdir(), 'modelport-upload-')), 'pose-lite')
  mkdirSync(folder)
  for (const name of ['model.json', 'movenet-lightning.bin'])
    copyFileSync(path.join(movenet, name), path.join(folder, name))
  writeFileSync(path.join(folder, shard), randomBytes(40 * MiB))
  modelport = await startModelport({
    port,
    persistTo: stateDir,
    inspectorPort: port + 1,
    log: () => {},
  })
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await modelport?.stop()
  if (stateDir) rmSync(stateDir, { recursive: true, force: true })
  if (folder) rmSync(path.dirname(folder), { recursive: true, force: true })
})

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')

async function newPage(viewport = desktop) {
  const context = await browser.newContext({ viewport, acceptDownloads: true })
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort())
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (err) => errors.push(err.message))
  return { page, context, errors }
}

/** Each upload PUT waits a little first, so there is time to pause or reload half-way. */
async function slowUploads(page) {
  await page.route('**/api/v1/uploads/**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 700))
    await route.continue().catch(() => {}) // the page may have been reloaded meanwhile
  })
}

const rowOf = (page, name) => page.locator('.upload-row').filter({ hasText: name })

/** Waits until the server holds part, not all, of `name` (its bar is between the ends). */
const partlyUploaded = (page, name) =>
  page.waitForFunction((n) => {
    const row = [...document.querySelectorAll('.upload-row')].find((r) => r.textContent.includes(n))
    const bar = row?.querySelector('progress')
    return bar && bar.value > 0 && bar.value < bar.max
  }, name)

async function shoot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}-desktop.png`), fullPage: true })
  await page.setViewportSize(phone)
  await page.screenshot({ path: path.join(shots, `${name}-phone.png`), fullPage: true })
  await page.setViewportSize(desktop)
}

describe('publishing in the browser', () => {
  it('creates a model, uploads a folder, pauses, reloads mid-upload, resumes, publishes, downloads', async () => {
    const { page, errors } = await newPage()
    await page.goto(`${modelport.origin}/signup`)
    await page.getByLabel('Username').fill('uploader')
    await page.getByLabel('Display name').fill('Up Loader')
    await page.getByLabel('Email').fill('uploader@example.test')
    await page.getByLabel('Password').fill('correct horse 42')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.getByRole('navigation', { name: 'Account' }).getByText('Up Loader').waitFor()

    await page.goto(`${modelport.origin}/new-model`)
    await page.getByLabel('Title', { exact: true }).fill('Pose Lite')
    assert.equal(await page.getByLabel('Slug').inputValue(), 'pose-lite')
    await page.getByLabel('Subtitle').fill('MoveNet Lightning, published from the browser')
    await page.getByLabel('Model card').fill('# Pose Lite\n\nFinds **17 keypoints**.')
    await page.getByRole('button', { name: 'Preview' }).click()
    await page
      .getByLabel('Model card preview')
      .getByRole('heading', { name: 'Pose Lite' })
      .waitFor()
    await page.getByLabel('Licence', { exact: true }).selectOption('apache-2.0')
    await page.getByText('Commercial use OK').waitFor()
    await page.getByLabel('Tags', { exact: true }).fill('pose')
    await page.getByRole('list', { name: 'Matching tags' }).getByRole('button').first().click()
    await page.getByRole('list', { name: 'Chosen tags' }).getByRole('button').first().waitFor()
    assert.ok(await page.getByRole('radio', { name: /^Private/ }).isChecked())
    await shoot(page, 'new-model')
    await page.getByRole('button', { name: 'Create model' }).click()
    await page.waitForURL('**/publish/uploader/pose-lite/variation')

    await page.getByLabel('Framework').selectOption('tfJs')
    await page.getByLabel('Usage').fill('```js\nawait tf.loadGraphModel(url)\n```')
    await page.getByRole('checkbox', { name: /Fine-tunable/ }).check()
    await slowUploads(page)
    await page.getByLabel('Choose a folder').setInputFiles(folder)
    assert.equal(await page.locator('.upload-row').count(), 3)
    const big = rowOf(page, shard)
    await partlyUploaded(page, shard)
    await page.getByRole('button', { name: 'Pause' }).click()
    await big.getByText(/^Paused/).waitFor()
    await shoot(page, 'upload-paused')
    await page.getByRole('button', { name: 'Resume' }).click()
    await big.getByText(/^Uploading/).waitFor()

    // a reload while a chunk is on its way: the page names what is unfinished and keeps its
    // fields, and the same folder picked again goes on from the server's probe, not byte 0
    await partlyUploaded(page, shard)
    await page.reload()
    await page.getByText(/left unfinished/).waitFor()
    await shoot(page, 'upload-reloaded')
    // the page's fields came back with the uploads
    assert.equal(await page.getByLabel('Framework').inputValue(), 'tfJs')
    await page.getByLabel('Choose a folder').setInputFiles(folder)
    await big.getByText(/resumed at [1-9]/).waitFor()
    const publish = page.getByRole('button', { name: 'Publish version 1' })
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('button')].find((b) => b.textContent === 'Publish version 1')
          ?.disabled === false,
      undefined,
      { timeout: 120_000 },
    )
    const local = readFileSync(path.join(folder, shard))
    // the sha256 the browser computed, shortened as the row shows it
    const digest = sha256(local)
    assert.match(await big.textContent(), new RegExp(`sha256 ${digest.slice(0, 8)}`))
    await shoot(page, 'upload-done')
    await publish.click()
    await page.waitForURL('**/models/uploader/pose-lite/tfJs/default/1')

    // the file through the page's own link (a signed URL: the model is private)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: `Download ${shard}` }).click(),
    ])
    assert.equal(download.suggestedFilename(), shard)
    assert.equal(sha256(readFileSync(await download.path())), digest)
    const listed = await (
      await page.request.get(
        `${modelport.origin}/api/v1/models/uploader/pose-lite/tfJs/default/1/files`,
      )
    ).json()
    assert.deepEqual(listed.files.map((f) => f.name).sort(), [
      shard,
      'model.json',
      'movenet-lightning.bin',
    ])
    assert.equal(listed.files.find((f) => f.name === shard).sha256, digest)
    const variation = await (
      await page.request.get(
        `${modelport.origin}/api/v1/models/uploader/pose-lite/tfJs/default/get`,
      )
    ).json()
    assert.equal(variation.fineTunable, true)
    assert.match(variation.usage, /loadGraphModel/)
    // private: nobody else sees it
    const anonymous = await fetch(
      `${modelport.origin}/api/v1/files/uploader/pose-lite/tfJs/default/1/${shard}`,
    )
    assert.equal(anonymous.status, 404)
    await shoot(page, 'published-version')

    await page.goto(`${modelport.origin}/account`)
    const mine = page.getByRole('list', { name: 'Variations of uploader/pose-lite' })
    await mine.getByText(/v1 · ready · 3 files/).waitFor()
    await shoot(page, 'my-models')
    await mine.getByRole('link', { name: 'New version' }).click()
    await page.waitForURL('**/publish/uploader/pose-lite/tfJs/default/version')
    await page.getByRole('heading', { name: 'New version' }).waitFor()
    // version 2 holds the model.json alone (the next test deletes it again)
    await page.getByLabel('Version notes').fill('Only the topology.')
    await page.getByLabel('Choose files').setInputFiles(path.join(folder, 'model.json'))
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('button')].find((b) => b.textContent === 'Publish version')
          ?.disabled === false,
      undefined,
      { timeout: 60_000 },
    )
    await page.getByRole('button', { name: 'Publish version' }).click()
    await page.waitForURL('**/models/uploader/pose-lite/tfJs/default')
    assert.deepEqual(errors, [])
  })

  it('edits the model from its page, makes it public, edits its variation, deletes a version, the variation, then the model', async () => {
    const { page, errors } = await newPage()
    await page.goto(`${modelport.origin}/signin`)
    await page.getByLabel('Username or email').fill('uploader')
    await page.getByLabel('Password').fill('correct horse 42')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('navigation', { name: 'Account' }).getByText('Up Loader').waitFor()

    await page.goto(`${modelport.origin}/models/uploader/pose-lite`)
    await page.locator('.model-meta').getByText('Private', { exact: true }).waitFor()
    await page.getByRole('link', { name: 'Edit model' }).click()
    await page.waitForURL('**/publish/uploader/pose-lite/edit')
    const title = page.getByLabel('Title', { exact: true })
    await title.waitFor()
    assert.equal(await title.inputValue(), 'Pose Lite')
    assert.equal(await page.getByLabel('Licence', { exact: true }).inputValue(), 'apache-2.0')
    assert.ok(await page.getByRole('radio', { name: /^Private/ }).isChecked())
    await title.fill('')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByText('Enter a title.').waitFor()
    await title.fill('Pose Lite, edited')
    await page.getByLabel('Subtitle').fill('')
    await page.getByLabel('Model card').fill('# Pose Lite\n\nNow **public**.')
    await page.getByRole('radio', { name: /^Public/ }).check()
    await shoot(page, 'edit-model')
    await page.setViewportSize(phone)
    assert.ok(
      (await page.evaluate(() => document.documentElement.scrollWidth)) <= phone.width,
      'the edit page fits a 360 px phone',
    )
    await page.setViewportSize(desktop)
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.waitForURL('**/models/uploader/pose-lite')
    await page.getByRole('heading', { level: 1, name: 'Pose Lite, edited' }).waitFor()
    await page.getByText('Now public.').waitFor()
    assert.equal(await page.locator('.model-meta .badge-private').count(), 0)
    assert.equal(await page.locator('.model-subtitle').count(), 0)

    // public now: anyone reads it and downloads its files
    const seen = await fetch(`${modelport.origin}/api/v1/models/uploader/pose-lite/get`)
    assert.equal(seen.status, 200)
    const model = await seen.json()
    assert.equal(model.title, 'Pose Lite, edited')
    assert.match(model.publishTime, /^\d{4}-/)
    const file = `${modelport.origin}/api/v1/files/uploader/pose-lite/tfJs/default/1/model.json`
    assert.equal((await fetch(file)).status, 200)

    await page.getByRole('link', { name: 'Edit model' }).click()
    // the variation's details, then back on its page
    await page.getByRole('button', { name: 'Edit tfJs/default' }).click()
    await page.getByLabel('Overview').fill('Lightning, in TF.js.')
    await page.getByRole('checkbox', { name: 'Fine-tunable' }).uncheck()
    await page.getByRole('button', { name: 'Save tfJs/default' }).click()
    await page.getByRole('button', { name: 'Edit tfJs/default' }).waitFor()
    const edited = await (
      await fetch(`${modelport.origin}/api/v1/models/uploader/pose-lite/tfJs/default/get`)
    ).json()
    assert.equal(edited.overview, 'Lightning, in TF.js.')
    assert.equal(edited.fineTunable, false)
    // its versions: the newest deleted, the last one kept (Kaggle's rule)
    const v2 = `${modelport.origin}/api/v1/files/uploader/pose-lite/tfJs/default/2/model.json`
    assert.equal((await fetch(v2)).status, 200)
    await page.getByRole('button', { name: 'Versions of tfJs/default' }).click()
    const versions = page.getByRole('list', { name: 'Versions of uploader/pose-lite/tfJs/default' })
    await versions.getByText('Version 2', { exact: true }).waitFor()
    await versions.getByRole('button', { name: 'Delete version 2…' }).click()
    await shoot(page, 'edit-versions')
    await versions.getByRole('button', { name: 'Delete version 2', exact: true }).click()
    await page.getByText('A variation keeps its last version').waitFor()
    assert.equal(await versions.getByText('Version 2', { exact: true }).count(), 0)
    assert.ok(await versions.getByRole('button', { name: 'Delete version 1…' }).isDisabled())
    assert.equal((await fetch(v2)).status, 404)
    assert.equal((await fetch(file)).status, 200)
    await page.getByRole('button', { name: 'Done' }).click()

    await page.getByRole('button', { name: 'Delete tfJs/default…' }).click()
    await page.getByLabel('Type tfJs/default to confirm').fill('tfJs/default')
    await shoot(page, 'edit-variations')
    await page.getByRole('button', { name: 'Delete this variation' }).click()
    await page.getByText('No variation yet.').waitFor()
    assert.equal((await fetch(file)).status, 404)
    await page.getByRole('button', { name: 'Delete model…' }).click()
    await page.getByLabel('Type uploader/pose-lite to confirm').fill('uploader/pose')
    await page.getByRole('button', { name: 'Delete this model' }).click()
    await page.getByText('Type uploader/pose-lite to confirm.').waitFor()
    await page.getByLabel('Type uploader/pose-lite to confirm').fill('uploader/pose-lite')
    await page.getByRole('button', { name: 'Delete this model' }).click()
    await page.waitForURL(`${modelport.origin}/account`)
    // its links answer 404, never 500
    assert.equal(
      (await fetch(`${modelport.origin}/api/v1/models/uploader/pose-lite/get`)).status,
      404,
    )
    assert.equal((await fetch(file)).status, 404)
    await page.goto(`${modelport.origin}/models/uploader/pose-lite`)
    await page.getByRole('heading', { level: 1, name: 'Model not found' }).waitFor()
    assert.deepEqual(errors, [])
  })
})
