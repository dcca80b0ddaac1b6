// GET /api/v1/models/:owner/:model/:framework/:variation/diff?from=&to=: files added, removed
// and changed between two versions of a variation, with sizes; unchanged ones counted.
import { describe, expect, it } from 'vitest'
import { call } from './accounts-helpers'
import { json } from './helpers'
import {
  bytesOf,
  createInstance,
  createModel,
  createVersion,
  makePublisher,
  sha256Of,
  uploadFile,
} from './publish-helpers'

const text = (s: string) => new TextEncoder().encode(s)

async function publishTwoVersions(isPrivate: boolean) {
  const me = await makePublisher()
  const slug = isPrivate ? 'diff-private' : 'diff-public'
  await createModel(me.auth, me.username, slug, isPrivate)
  const v1 = {
    'model.json': text('{"v":1}'),
    'weights.bin': bytesOf(3000, 1),
    'old.txt': text('x'),
  }
  const v2 = {
    'model.json': text('{"v":1}'),
    'weights.bin': bytesOf(5000, 2),
    'new.txt': text('yy'),
  }
  const tokens = async (files: Record<string, Uint8Array>) =>
    Promise.all(
      Object.entries(files).map(async ([name, bytes]) => ({
        token: await uploadFile(me.auth, name, bytes),
      })),
    )
  const first = await createInstance(me.auth, `${me.username}/${slug}`, { files: await tokens(v1) })
  expect(first.status, JSON.stringify(first.body)).toBe(200)
  const second = await createVersion(me.auth, `${me.username}/${slug}/pyTorch/default`, {
    files: await tokens(v2),
  })
  expect(second.status, JSON.stringify(second.body)).toBe(200)
  return { me, base: `/api/v1/models/${me.username}/${slug}/pyTorch/default`, v1, v2 }
}

describe('version diff', () => {
  it('lists added, removed and changed files with sizes and counts the unchanged', async () => {
    const { base, v1, v2 } = await publishTwoVersions(false)
    const res = await call(`${base}/diff?from=1&to=2`)
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({
      from: { versionNumber: 1, fileCount: 3, totalBytes: 7 + 3000 + 1 },
      to: { versionNumber: 2, fileCount: 3, totalBytes: 7 + 5000 + 2 },
      summary: { added: 1, removed: 1, changed: 1, unchanged: 1, bytesDelta: 2001 },
      files: [
        { path: 'new.txt', change: 'added', toSize: 2, toSha256: await sha256Of(v2['new.txt']) },
        {
          path: 'old.txt',
          change: 'removed',
          fromSize: 1,
          fromSha256: await sha256Of(v1['old.txt']),
        },
        {
          path: 'weights.bin',
          change: 'changed',
          fromSize: 3000,
          toSize: 5000,
          fromSha256: await sha256Of(v1['weights.bin']),
          toSha256: await sha256Of(v2['weights.bin']),
        },
      ],
    })
    // the other way round, and a version against itself
    const back = await json(await call(`${base}/diff?from=2&to=1`))
    expect(back.summary).toEqual({
      added: 1,
      removed: 1,
      changed: 1,
      unchanged: 1,
      bytesDelta: -2001,
    })
    expect(back.files.map((f: { change: string }) => f.change)).toEqual([
      'removed',
      'added',
      'changed',
    ])
    const same = await json(await call(`${base}/diff?from=2&to=2`))
    expect(same.summary).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: 3 })
    expect(same.files).toEqual([])
  })

  it('refuses bad version numbers and answers 404 for a version that does not exist', async () => {
    const { base } = await publishTwoVersions(false)
    for (const query of ['', '?from=1', '?from=a&to=2', '?from=0&to=1', '?from=1.5&to=2'])
      expect((await call(`${base}/diff${query}`)).status, query).toBe(400)
    const missing = await call(`${base}/diff?from=1&to=9`)
    expect(missing.status).toBe(404)
    expect(await json(missing)).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })

  it('shows a private model to its owner only', async () => {
    const { me, base } = await publishTwoVersions(true)
    expect((await call(`${base}/diff?from=1&to=2`, { authorization: me.auth })).status).toBe(200)
    expect((await call(`${base}/diff?from=1&to=2`)).status).toBe(404)
    const stranger = await makePublisher()
    const theirs = await call(`${base}/diff?from=1&to=2`, { authorization: stranger.auth })
    expect(theirs.status).toBe(404)
  })
})
