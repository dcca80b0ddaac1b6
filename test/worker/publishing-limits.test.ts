// Publishing's limits (docs/publishing.md, "Limits"): read from [vars], and the cron's sweep of
// abandoned uploads, which frees their R2 parts and objects and their quota.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import app from '../../worker/app'
import { uploadLimits } from '../../worker/publish/limits'
import { sweepAbandonedUploads } from '../../worker/publish/sweep-uploads'
import { db, json } from './helpers'
import {
  bytesOf,
  createInstance,
  createModel,
  makePublisher,
  put,
  startUpload,
  uploadFile,
} from './publish-helpers'

const stateOf = (token: string) =>
  env.DB.prepare('select status, r2_key from upload_sessions where token = ?')
    .bind(token)
    .first<{ status: string; r2_key: string }>()

describe('uploadLimits', () => {
  it('reads [vars], and falls back to the defaults on bad values', () => {
    expect(uploadLimits(env)).toMatchObject({
      maxFileBytes: 20 * 1024 ** 3,
      maxFilesPerVersion: 1000,
      uploadTtlMs: 24 * 3600_000,
    })
    expect(
      uploadLimits({
        UPLOAD_MAX_FILE_BYTES: '5',
        UPLOAD_USER_QUOTA_BYTES: '-1',
        UPLOAD_TTL_HOURS: 'x',
      }),
    ).toMatchObject({
      maxFileBytes: 5,
      userQuotaBytes: 100 * 1024 ** 3,
      uploadTtlMs: 24 * 3600_000,
    })
  })
})

describe('the sweep of abandoned uploads', () => {
  it('aborts unfinished and unused uploads past their expiry, and keeps what a version holds', async () => {
    const me = await makePublisher()
    await createModel(me.auth, me.username, 'swept')
    const part = 8 * 1024 * 1024
    const half = await startUpload(me.auth, 'half.bin', 2 * part)
    expect((await put(half.createUrl, bytesOf(part + 10), 2 * part)).status).toBe(308)
    const unused = await uploadFile(me.auth, 'unused.bin', bytesOf(50, 2))
    const used = await uploadFile(me.auth, 'used.bin', bytesOf(60, 3))
    await createInstance(me.auth, `${me.username}/swept`, { files: [{ token: used }] })
    const unusedKey = (await stateOf(unused))!.r2_key
    const usedKey = (await stateOf(used))!.r2_key
    expect(await env.BUCKET.head(unusedKey)).not.toBeNull()

    // not expired yet: nothing happens
    expect(await sweepAbandonedUploads(db(), env.BUCKET)).toBe(0)
    const later = new Date(Date.now() + 25 * 3600_000)
    expect(await sweepAbandonedUploads(db(), env.BUCKET, later)).toBe(2)
    expect(await stateOf(half.token)).toMatchObject({ status: 'aborted' })
    expect(await stateOf(unused)).toMatchObject({ status: 'aborted' })
    expect(await env.BUCKET.head(unusedKey)).toBeNull()
    expect(await stateOf(used)).toMatchObject({ status: 'consumed' })
    expect(await env.BUCKET.head(usedKey)).not.toBeNull()
    // the multipart upload is gone: its parts can no longer be completed
    const multipart = await env.DB.prepare(
      'select r2_key, multipart_id from upload_sessions where token = ?',
    )
      .bind(half.token)
      .first<{ r2_key: string; multipart_id: string }>()
    await expect(
      env.BUCKET.resumeMultipartUpload(multipart!.r2_key, multipart!.multipart_id).complete([]),
    ).rejects.toThrow()
  })
})

describe('a version over the limits', () => {
  it.each([
    [{ UPLOAD_MAX_FILES_PER_VERSION: '2' }, /at most 2 files/, 400],
    [{ UPLOAD_MAX_VERSION_BYTES: '100' }, /at most 100 bytes/, 413],
  ])('with %j is refused, and its tokens stay unused', async (vars, message, errorCode) => {
    const me = await makePublisher()
    const slug = `lim${Math.random().toString(36).slice(2, 8)}`
    await createModel(me.auth, me.username, slug)
    const tokens = [
      await uploadFile(me.auth, 'a.bin', bytesOf(40, 1)),
      await uploadFile(me.auth, 'b.bin', bytesOf(40, 2)),
      await uploadFile(me.auth, 'c.bin', bytesOf(40, 3)),
    ]
    const res = await app.request(
      `https://modelport.test/api/v1/models/${me.username}/${slug}/create/instance`,
      {
        method: 'POST',
        headers: { authorization: me.auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          instanceSlug: 'default',
          framework: 'jax',
          files: tokens.map((token) => ({ token })),
        }),
      },
      { ...env, ...vars },
    )
    expect(res.status).toBe(200)
    expect(await json(res)).toMatchObject({ error: expect.stringMatching(message), errorCode })
    for (const token of tokens) expect(await stateOf(token)).toMatchObject({ status: 'complete' })
  })
})
