// A big archive.zip (docs/publishing.md, "Archives"): the create call checks its central
// directory and answers at once with a pending version; the members are unpacked in the
// background (here the test's own execution context, awaited). A member found broken there fails
// the version and leaves nothing; an unpack that dies is finished by the cron's sweep, from the
// start or from the members it had recorded. PUBLISH_INLINE_BYTES is set low so that small
// archives take the background path; R2 and D1 are real.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createDb } from '../../db/client'
import app from '../../worker/app'
import { finishPendingVersions } from '../../worker/publish/finish-pending'
import { uploadLimits } from '../../worker/publish/limits'
import { call } from './accounts-helpers'
import { json } from './helpers'
import {
  bytesOf,
  createModel,
  makePublisher,
  sha256Of,
  uploadFile,
  writesFail,
} from './publish-helpers'
import { zipOf, type ZipEntry } from './zip-writer'

const hourMs = 60 * 60 * 1000
const limits = uploadLimits(env)

/** create/instance with the archive, its background work awaited before answering. */
async function createInBackground(
  auth: string,
  model: string,
  token: string,
  bucket: R2Bucket = env.BUCKET,
) {
  const ctx = createExecutionContext()
  const res = await app.request(
    `https://modelport.test/api/v1/models/${model}/create/instance`,
    {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ instanceSlug: 'default', framework: 'pyTorch', files: [{ token }] }),
    },
    { ...env, BUCKET: bucket, PUBLISH_INLINE_BYTES: '1000' },
    ctx,
  )
  const body = await json(res)
  const statusAtAnswer = await versionOf(model)
  await waitOnExecutionContext(ctx)
  return { status: res.status, body, statusAtAnswer }
}

async function versionOf(model: string) {
  return env.DB.prepare(
    `select v.id, v.status, v.pending_archive_token as archive from versions v
     join variations va on va.id = v.variation_id join models m on m.id = va.model_id
     join owners o on o.id = m.owner_id
     where o.slug || '/' || m.slug = ? and va.slug = 'default' and v.number = 1`,
  )
    .bind(model)
    .first<{ id: number; status: string; archive: string | null }>()
}

const sessionOf = (token: string) =>
  env.DB.prepare('select status, r2_key from upload_sessions where token = ?')
    .bind(token)
    .first<{ status: string; r2_key: string }>()

async function uploadsUnder(prefix: string) {
  return (await env.BUCKET.list({ prefix })).objects.map((o) => o.key)
}

async function newModel() {
  const me = await makePublisher()
  const slug = `bg${Math.random().toString(36).slice(2, 8)}`
  await createModel(me.auth, me.username, slug)
  return { me, model: `${me.username}/${slug}` }
}

const entries: ZipEntry[] = Array.from({ length: 8 }, (_, i) => ({
  name: i < 4 ? `w-${i}.bin` : `cfg/c-${i}.json`,
  data: bytesOf(700 + i * 311, i + 3),
  method: i % 2 ? 8 : 0,
}))

async function expectFiles(auth: string, model: string) {
  const res = await call(`/api/v1/models/${model}/pyTorch/default/1/files?pageSize=100`, {
    authorization: auth,
  })
  expect(res.status).toBe(200)
  const listed = (await json(res)).files as { name: string; sha256: string }[]
  const expected = await Promise.all(entries.map(async (e) => [e.name, await sha256Of(e.data)]))
  expect(listed.map((f) => [f.name, f.sha256]).sort()).toEqual(expected.sort())
}

describe('a big archive.zip', () => {
  it('answers at once with a pending version, then unpacks and publishes it in the background', async () => {
    const { me, model } = await newModel()
    const token = await uploadFile(me.auth, 'archive.zip', zipOf(entries))
    const archiveKey = (await sessionOf(token))!.r2_key
    const created = await createInBackground(me.auth, model, token)
    expect(created).toMatchObject({ status: 200, body: { id: expect.any(Number) } })
    expect(created.statusAtAnswer).toMatchObject({ status: 'pending', archive: token })
    expect(await versionOf(model)).toMatchObject({ status: 'ready', archive: null })
    await expectFiles(me.auth, model)
    expect(await sessionOf(token)).toMatchObject({ status: 'aborted' })
    expect(await env.BUCKET.head(archiveKey)).toBeNull()
  })

  it('checks the central directory in the call: a refused archive is refused there, with nothing left', async () => {
    const { me, model } = await newModel()
    const token = await uploadFile(
      me.auth,
      'archive.zip',
      zipOf([{ name: '../escape.bin', data: bytesOf(2000) }]),
    )
    const created = await createInBackground(me.auth, model, token)
    expect(created.body).toMatchObject({ errorCode: 400, error: expect.stringMatching(/unsafe/) })
    expect(await versionOf(model)).toBeNull()
    expect(await sessionOf(token)).toMatchObject({ status: 'aborted' })
    expect(await uploadsUnder(`uploads/${token}`)).toEqual([])
  })

  it('fails the version when a member turns out broken, and leaves no object behind', async () => {
    const { me, model } = await newModel()
    const broken = [
      ...entries.slice(0, 3),
      { name: 'bad.bin', data: bytesOf(3000), claim: { crc32: 1 } },
    ]
    const token = await uploadFile(me.auth, 'archive.zip', zipOf(broken))
    const created = await createInBackground(me.auth, model, token)
    expect(created.body).toMatchObject({ id: expect.any(Number) })
    expect(await versionOf(model)).toMatchObject({ status: 'failed' })
    expect(await sessionOf(token)).toMatchObject({ status: 'aborted' })
    expect(await uploadsUnder(`uploads/${token}`)).toEqual([])
    const files = await call(`/api/v1/models/${model}/pyTorch/default/1/files`, {
      authorization: me.auth,
    })
    expect(files.status).toBe(404)
  })

  it('is unpacked from the start by the cron when the background unpack died', async () => {
    const { me, model } = await newModel()
    const token = await uploadFile(me.auth, 'archive.zip', zipOf(entries))
    // every member write fails: the unpack stops, the archive stays taken, the version pending
    await createInBackground(me.auth, model, token, writesFail(env.BUCKET, `uploads/${token}.`))
    expect(await versionOf(model)).toMatchObject({ status: 'pending', archive: token })
    expect(await sessionOf(token)).toMatchObject({ status: 'consumed' })
    const db = createDb(env.DB)
    expect((await finishPendingVersions(db, env.BUCKET, limits)).finished).toBe(0)
    await finishPendingVersions(db, env.BUCKET, limits, Date.now() + 2 * hourMs)
    expect(await versionOf(model)).toMatchObject({ status: 'ready', archive: null })
    await expectFiles(me.auth, model)
  })

  it('is finished by the cron from its recorded members when it died after unpacking', async () => {
    const { me, model } = await newModel()
    const token = await uploadFile(me.auth, 'archive.zip', zipOf(entries))
    // the version's archive cannot be written: the members are unpacked and recorded, no more
    await createInBackground(me.auth, model, token, writesFail(env.BUCKET, 'archives/'))
    const version = (await versionOf(model))!
    expect(version).toMatchObject({ status: 'pending', archive: null })
    // the state of an unpack that died between recording its members and the version's files
    await env.DB.batch([
      env.DB.prepare('update versions set pending_archive_token = ? where id = ?').bind(
        token,
        version.id,
      ),
      env.DB.prepare('delete from files where version_id = ?').bind(version.id),
    ])
    await finishPendingVersions(createDb(env.DB), env.BUCKET, limits, Date.now() + 2 * hourMs)
    expect(await versionOf(model)).toMatchObject({ status: 'ready', archive: null })
    await expectFiles(me.auth, model)
  })
})
