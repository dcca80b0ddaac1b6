// Where a notebook run fetches its inputs' files without credentials (the opaque-origin runner):
// public models as they are, a private model's version folder with a short-lived signature that
// the file route checks (path, expiry, tampering), and nothing for models the caller cannot see.
import { env } from 'cloudflare:workers'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ApiNotebookRunFiles } from '../../worker/api-types'
import { json } from './helpers'
import { call, makeUser } from './accounts-helpers'
import { createFrom, created, makeVariation, type Variation } from './notebooks-helpers'

type User = Awaited<ReturnType<typeof makeUser>>

let owner: User
let stranger: User

beforeAll(async () => {
  owner = await makeUser()
  stranger = await makeUser()
})

afterEach(() => {
  vi.useRealTimers()
})

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')

/** Stores `model.json` in version 1 of the variation: its row and its R2 object. */
async function storeModelJson(v: Variation, text: string) {
  const bytes = new TextEncoder().encode(text)
  const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes))
  await env.BUCKET.put(`blobs/sha256/${sha256}`, bytes)
  await env.DB.prepare(
    `insert into files (version_id, path, size, sha256, content_type, r2_key)
      select versions.id, 'model.json', ?, ?, 'application/json', ?
      from versions join variations on variations.id = versions.variation_id
      where variations.model_id = ? and versions.number = 1`,
  )
    .bind(bytes.length, sha256, `blobs/sha256/${sha256}`, v.modelId)
    .run()
  await env.DB.prepare(
    `update versions set file_count = 1 where variation_id in (select id from variations where model_id = ?)`,
  )
    .bind(v.modelId)
    .run()
}

/** A notebook of `owner`'s with the variation attached, and its run files as `session` sees them. */
async function notebookWith(v: Variation, isPrivate = false) {
  const nb = await created(await createFrom(owner.session, v, { isPrivate }))
  const path = `/api/v1/notebooks/${nb.owner}/${nb.slug}`
  return {
    path,
    runFiles: async (session?: string) => {
      const res = await call(`${path}/run-files`, { session })
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('private, no-store')
      return json<ApiNotebookRunFiles>(res)
    },
  }
}

const fileOf = (input: ApiNotebookRunFiles['inputs'][number], name: string) => {
  const url = new URL(`${input.filesUrl}${name}`)
  if (input.signature) url.searchParams.set('signature', input.signature)
  return `${url.pathname}${url.search}`
}

describe('a notebook’s run files', () => {
  it('are a public model’s folder as it is, for anyone who sees the notebook', async () => {
    const v = await makeVariation({ framework: 'tfJs', versions: 2 })
    await storeModelJson(v, '{"format":"graph-model"}')
    const nb = await notebookWith(v)
    const { inputs } = await nb.runFiles()
    expect(inputs).toEqual([
      {
        handle: `${v.owner}/${v.model}/tfJs/default`,
        version: 2,
        filesUrl: `https://modelport.test/api/v1/files/${v.owner}/${v.model}/tfJs/default/2/`,
      },
    ])
  })

  it('sign a private model’s version folder, which then serves its files without credentials', async () => {
    const v = await makeVariation({ framework: 'tfJs', isPrivate: true, ownerId: owner.ownerId })
    await storeModelJson(v, '{"format":"graph-model","secret":true}')
    const nb = await notebookWith(v)
    const [input] = (await nb.runFiles(owner.session)).inputs
    expect(input!.version).toBe(1)
    expect(input!.signature).toBeTypeOf('string')
    // short-lived: minutes, not the hours of a download link
    const expires = Date.parse(input!.expireTime!) - Date.now()
    expect(expires).toBeGreaterThan(5 * 60_000)
    expect(expires).toBeLessThanOrEqual(15 * 60_000 + 1000)

    // no credentials: the signature is the permission, for files of that folder
    const file = await call(fileOf(input!, 'model.json'))
    expect(file.status).toBe(200)
    expect(await file.text()).toContain('"secret":true')
    expect(file.headers.get('cache-control')).toMatch(/private/)
    // without it, the private model does not exist
    expect((await call(new URL(`${input!.filesUrl}model.json`).pathname)).status).toBe(404)
  })

  it('refuse a tampered, misplaced or expired signature with 403 in the envelope', async () => {
    const v = await makeVariation({ framework: 'tfJs', isPrivate: true, ownerId: owner.ownerId })
    await storeModelJson(v, '{"format":"graph-model"}')
    const other = await makeVariation({
      framework: 'tfJs',
      isPrivate: true,
      ownerId: owner.ownerId,
    })
    await storeModelJson(other, '{"format":"graph-model","other":true}')
    const nb = await notebookWith(v)
    const [input] = (await nb.runFiles(owner.session)).inputs
    const signature = input!.signature!
    const [payload, mac] = signature.split('.')
    const flipped = `${payload}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'BB' : 'AA'}`
    // a payload of its own naming another folder, with the old MAC
    const forged = `${btoa(
      JSON.stringify({
        p: `/api/v1/files/${other.owner}/${other.model}/tfJs/default/1/`,
        e: 9_999_999_999,
      }),
    )
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')}.${mac}`
    const otherFolder = `/api/v1/files/${other.owner}/${other.model}/tfJs/default/1/model.json`
    const refused = [
      await call(`${new URL(`${input!.filesUrl}model.json`).pathname}?signature=${flipped}`),
      await call(`${otherFolder}?signature=${encodeURIComponent(forged)}`),
      // a real signature, for another folder
      await call(`${otherFolder}?signature=${encodeURIComponent(signature)}`),
      // nor the whole-version archive
      await call(
        `/api/v1/archives/${v.owner}/${v.model}/tfJs/default/1?signature=${encodeURIComponent(signature)}`,
      ),
    ]
    for (const res of refused) {
      expect(res.status).toBe(403)
      expect(await json(res)).toMatchObject({ code: 403, error: { code: 'FORBIDDEN' } })
    }
    vi.useFakeTimers({ now: Date.now() + 16 * 60_000, toFake: ['Date'] })
    const expired = await call(fileOf(input!, 'model.json'))
    expect(expired.status).toBe(403)
    expect(await json(expired)).toMatchObject({
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/expired/) },
    })
  })

  it('leave out other users’ private models, and answer 404 for a private notebook', async () => {
    const mine = await makeVariation({ framework: 'tfJs', isPrivate: true, ownerId: owner.ownerId })
    await storeModelJson(mine, '{}')
    const nb = await notebookWith(mine)
    // the stranger sees the public notebook, but not the private model attached to it
    expect((await nb.runFiles(stranger.session)).inputs).toEqual([])
    expect((await nb.runFiles()).inputs).toEqual([])
    expect((await nb.runFiles(owner.session)).inputs).toHaveLength(1)

    const secret = await notebookWith(await makeVariation({ framework: 'tfJs' }), true)
    for (const session of [undefined, stranger.session]) {
      const res = await call(`${secret.path}/run-files`, { session })
      expect(res.status).toBe(404)
      expect(await json(res)).toMatchObject({ error: { code: 'NOT_FOUND' } })
    }
  })
})
