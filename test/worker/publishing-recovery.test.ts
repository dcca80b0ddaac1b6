// A publish that fails after its upload tokens are taken (docs/publishing.md, "When a publish
// dies"): the create call still answers with the version, which stays pending and invisible; the
// cron's sweep (worker/publish/finish-pending.ts) finishes it with the recorded files, or gives it
// up as failed after a week. R2 fails for real: every write of an archive rejects.
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

const hourMs = 60 * 60 * 1000
const limits = uploadLimits(env)

async function createInstanceWhileArchivesFail(auth: string, model: string, token: string) {
  const res = await app.request(
    `http://localhost/api/v1/models/${model}/create/instance`,
    {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        instanceSlug: 'default',
        framework: 'pyTorch',
        files: [{ token }],
        directories: [],
      }),
    },
    { ...env, BUCKET: writesFail(env.BUCKET, 'archives/') },
  )
  return { status: res.status, body: await json(res) }
}

const versionStatus = async (model: string) =>
  (
    await env.DB.prepare(
      `select v.status from versions v join variations va on va.id = v.variation_id
       join models m on m.id = va.model_id join owners o on o.id = m.owner_id
       where o.slug || '/' || m.slug = ? and va.slug = 'default' and v.number = 1`,
    )
      .bind(model)
      .first<{ status: string }>()
  )?.status

describe('a publish that fails once the tokens are taken', () => {
  it('answers with the version, keeps it pending and invisible, and the cron finishes it', async () => {
    const me = await makePublisher()
    const model = `${me.username}/recovered`
    await createModel(me.auth, me.username, 'recovered', false)
    const bytes = bytesOf(5000, 7)
    const token = await uploadFile(me.auth, 'weights.bin', bytes)

    const created = await createInstanceWhileArchivesFail(me.auth, model, token)
    expect(created).toMatchObject({ status: 200, body: { ref: `${model}/pyTorch/default` } })
    expect(created.body.error).toBeUndefined()
    expect(await versionStatus(model)).toBe('pending')
    const files = `/api/v1/models/${model}/pyTorch/default/1/files`
    expect((await call(files, { authorization: me.auth })).status).toBe(404)
    // the token is used: it cannot publish a second version with the same bytes
    const again = await call(`/api/v1/models/${model}/pyTorch/default/create/version`, {
      authorization: me.auth,
      body: { versionNotes: '', files: [{ token }], directories: [] },
    })
    expect((await json(again)).errorCode).toBe(400)

    const db = createDb(env.DB)
    // a fresh pending version may still be being published: the sweep leaves it alone
    expect(await finishPendingVersions(db, env.BUCKET, limits)).toMatchObject({ finished: 0 })
    expect(await versionStatus(model)).toBe('pending')
    const swept = await finishPendingVersions(db, env.BUCKET, limits, Date.now() + 2 * hourMs)
    expect(swept.finished).toBeGreaterThanOrEqual(1)
    expect(await versionStatus(model)).toBe('ready')

    const listed = await json(await call(files, { authorization: me.auth }))
    expect(listed.files.map((f: { name: string; sha256: string }) => [f.name, f.sha256])).toEqual([
      ['weights.bin', await sha256Of(bytes)],
    ])
    const archive = await call(`/api/v1/archives/${model}/pyTorch/default/1`)
    expect(archive.status).toBe(200)
    expect(archive.headers.get('content-type')).toMatch(/gzip/)
    await archive.arrayBuffer()
  })

  it('gives a version up as failed after a week, and it stays invisible', async () => {
    const me = await makePublisher()
    const model = `${me.username}/given-up`
    await createModel(me.auth, me.username, 'given-up', false)
    const token = await uploadFile(me.auth, 'weights.bin', bytesOf(100, 9))
    await createInstanceWhileArchivesFail(me.auth, model, token)
    expect(await versionStatus(model)).toBe('pending')
    await finishPendingVersions(createDb(env.DB), env.BUCKET, limits, Date.now() + 8 * 24 * hourMs)
    expect(await versionStatus(model)).toBe('failed')
    const files = `/api/v1/models/${model}/pyTorch/default/1/files`
    expect((await call(files, { authorization: me.auth })).status).toBe(404)
  })
})
