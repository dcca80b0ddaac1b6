// Hosted notebooks through the whole app against real D1 and R2: create (starter cells, upload),
// read, download, save versions, inputs, votes, the model's list and its count, fork lineage.
import { env, exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ApiHostedNotebookDetail, ListModelNotebooksResponse } from '../../worker/api-types'
import { json, seedDemo } from './helpers'
import { call, makeUser } from './accounts-helpers'
import {
  bytesOf,
  codeCell,
  createFrom,
  created,
  inputOf,
  ipynb,
  makeVariation,
  markdownCell,
  upload,
} from './notebooks-helpers'

type User = Awaited<ReturnType<typeof makeUser>>

const notebookPath = (nb: { owner: string; slug: string }) =>
  `/api/v1/notebooks/${nb.owner}/${nb.slug}`

async function downloadText(path: string, session?: string) {
  const res = await call(path, session ? { session } : {})
  expect(res.status).toBe(200)
  return res.text()
}

async function notebookCount(modelId: number) {
  const row = await env.DB.prepare('select notebook_count as n from models where id = ?')
    .bind(modelId)
    .first<{ n: number }>()
  return row!.n
}

async function listOf(path: string, query = '', session?: string) {
  const res = await call(`/api/v1/notebooks/models/${path}${query}`, session ? { session } : {})
  expect(res.status).toBe(200)
  return json<ListModelNotebooksResponse>(res)
}

let alice: User
let bob: User

beforeAll(async () => {
  alice = await makeUser()
  bob = await makeUser()
})

describe('POST /api/v1/notebooks (New notebook on a variation)', () => {
  it('starts a Python notebook that points kagglehub here, with the variation attached', async () => {
    const v = await makeVariation({ versions: 2 })
    const nb = await created(await createFrom(alice.session, v, { title: 'My first try' }))
    expect(nb).toMatchObject({
      owner: alice.username,
      slug: 'my-first-try',
      title: 'My first try',
      language: 'python',
      isPrivate: false,
      latestVersion: 1,
      forkCount: 0,
      voteCount: 0,
      forkedFrom: null,
      version: { number: 1, cellCount: 3 },
      inputs: [{ owner: v.owner, model: v.model, framework: 'tensorFlow2', version: null }],
    })
    const doc = JSON.parse(
      await downloadText(nb.version.downloadUrl.replace(/^https:\/\/[^/]+/, '')),
    )
    expect(doc.nbformat).toBe(4)
    const code = doc.cells.map((c: { source: string }) => c.source).join('\n')
    expect(code).toContain('os.environ["KAGGLE_API_ENDPOINT"] = "https://modelport.test"')
    expect(code).toContain(`kagglehub.model_download("${v.owner}/${v.model}/tensorFlow2/default")`)
    expect(code).toContain('tf.saved_model.load(path)')
  })

  it('pins a version when asked, and a second notebook of the same title gets a new slug', async () => {
    const v = await makeVariation({ versions: 2 })
    const first = await created(await createFrom(alice.session, v, { title: 'Pinned', version: 2 }))
    const second = await created(
      await createFrom(alice.session, v, { title: 'Pinned', version: 1 }),
    )
    expect(first.inputs[0]).toMatchObject({ version: 2, handle: `${v.path}/tensorFlow2/default/2` })
    expect(second.slug).toBe('pinned-2')
    const text = await downloadText(`${notebookPath(first)}/ipynb`)
    expect(text).toContain(`${v.path}/tensorFlow2/default/2`)
  })

  it('refuses an unknown variation or version with 404 and stores nothing', async () => {
    const v = await makeVariation()
    const res = await createFrom(alice.session, v, { version: 7 })
    expect(res.status).toBe(404)
    expect(await json(res)).toMatchObject({ error: { code: 'NOT_FOUND' } })
    const gone = await createFrom(alice.session, { ...v, model: 'no-such-model' })
    expect(gone.status).toBe(404)
  })

  it('does not attach a private model the caller cannot see', async () => {
    const v = await makeVariation({ isPrivate: true })
    const res = await createFrom(alice.session, v)
    expect(res.status).toBe(404)
  })
})

describe('New notebook on a TF.js model', () => {
  beforeAll(async () => {
    await seedDemo()
  })

  it('is a JavaScript notebook loading the attached model by handle and running it on an image', async () => {
    const movenet = {
      owner: 'demo',
      model: 'movenet',
      framework: 'tfJs',
      variation: 'singlepose-lightning',
      path: 'demo/movenet',
      modelId: 0,
    }
    const nb = await created(await createFrom(alice.session, movenet, { title: 'Pose' }))
    expect(nb.language).toBe('javascript')
    const doc = JSON.parse(await downloadText(`${notebookPath(nb)}/ipynb`))
    expect(doc.metadata.kernelspec.language).toBe('javascript')
    expect(doc.cells[1].source).toContain(
      'await loadModel("demo/movenet/tfJs/singlepose-lightning")',
    )
    expect(doc.cells[3].source).toContain('model.predict(input)')
    const list = await listOf('demo/movenet')
    expect(list.notebooks.map((n) => n.slug)).toContain(nb.slug)
  })
})

describe('POST /api/v1/notebooks/upload', () => {
  it('stores the file byte for byte and answers its metadata', async () => {
    const doc = ipynb([
      markdownCell('# Hi'),
      codeCell('print(1)', [{ output_type: 'stream', name: 'stdout', text: '1\n' }]),
    ])
    const bytes = bytesOf(doc)
    const nb = await created(await upload(alice.session, doc, 'title=Hello%20there&private=false'))
    expect(nb).toMatchObject({ slug: 'hello-there', language: 'python', inputs: [] })
    expect(nb.version).toMatchObject({ number: 1, cellCount: 2, sizeBytes: bytes.byteLength })
    const res = await call(`${notebookPath(nb)}/versions/1/ipynb`)
    expect(res.headers.get('content-type')).toBe('application/x-ipynb+json')
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="hello-there-v1.ipynb"',
    )
    expect(res.headers.get('content-security-policy')).toContain('sandbox')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes)
  })

  it('needs a Content-Length', async () => {
    const res = await call('/api/v1/notebooks/upload', {
      method: 'POST',
      session: alice.session,
      headers: { 'transfer-encoding': 'chunked' },
    })
    expect([400, 411]).toContain(res.status)
    expect(await json(res)).toMatchObject({ error: { code: expect.any(String) } })
  })

  it('reads the language from the kernel metadata', async () => {
    const doc = ipynb([codeCell('1 + 1')], {
      metadata: { language_info: { name: 'javascript' } },
    })
    const nb = await created(await upload(alice.session, doc))
    expect(nb.language).toBe('javascript')
  })
})

describe('versions', () => {
  it('saves immutable versions; the old one answers as it was', async () => {
    const nb = await created(await upload(alice.session, ipynb([markdownCell('v1')])))
    const res = await call(`${notebookPath(nb)}/versions`, {
      method: 'POST',
      session: alice.session,
      raw: bytesOf(ipynb([markdownCell('v2'), markdownCell('more')])),
    })
    expect(res.status).toBe(201)
    expect(await json(res)).toMatchObject({
      latestVersion: 2,
      version: { number: 2, cellCount: 2 },
    })
    expect(
      JSON.parse(await downloadText(`${notebookPath(nb)}/versions/1/ipynb`)).cells[0].source,
    ).toBe('v1')
    expect(JSON.parse(await downloadText(`${notebookPath(nb)}/ipynb`)).cells[0].source).toBe('v2')
    const one = await json<ApiHostedNotebookDetail>(await call(`${notebookPath(nb)}/versions/1`))
    expect(one.version).toMatchObject({ number: 1, cellCount: 1 })
    expect((await call(`${notebookPath(nb)}/versions/3`)).status).toBe(404)
    expect((await call(`${notebookPath(nb)}/versions/x`)).status).toBe(404)
  })

  it('refuses a save by someone else with 403, and an invalid file with 400, saving nothing', async () => {
    const nb = await created(await upload(alice.session, ipynb([markdownCell('mine')])))
    const other = await call(`${notebookPath(nb)}/versions`, {
      method: 'POST',
      session: bob.session,
      raw: bytesOf(ipynb([])),
    })
    expect(other.status).toBe(403)
    const bad = await call(`${notebookPath(nb)}/versions`, {
      method: 'POST',
      session: alice.session,
      raw: bytesOf('{"nbformat": 3'),
    })
    expect(bad.status).toBe(400)
    const now = await json<ApiHostedNotebookDetail>(await call(notebookPath(nb)))
    expect(now.latestVersion).toBe(1)
  })

  it('two saves at once get two numbers, or one is refused with 409', async () => {
    const nb = await created(await upload(alice.session, ipynb([markdownCell('v1')])))
    const answers = await Promise.all(
      [2, 3].map((n) =>
        call(`${notebookPath(nb)}/versions`, {
          method: 'POST',
          session: alice.session,
          raw: bytesOf(ipynb([markdownCell(`v${n}`)])),
        }),
      ),
    )
    const statuses = answers.map((r) => r.status).sort()
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses)
    const now = await json<ApiHostedNotebookDetail>(await call(notebookPath(nb)))
    expect(now.latestVersion).toBe(1 + statuses.filter((s) => s === 201).length)
  })
})

describe('PATCH /api/v1/notebooks/:owner/:slug', () => {
  it('renames and changes visibility; 400 for an empty change', async () => {
    const nb = await created(await upload(alice.session, ipynb([])))
    const res = await call(notebookPath(nb), {
      method: 'PATCH',
      session: alice.session,
      body: { title: 'Renamed', isPrivate: true },
    })
    expect(res.status).toBe(200)
    expect(await json(res)).toMatchObject({ title: 'Renamed', isPrivate: true, slug: nb.slug })
    const empty = await call(notebookPath(nb), {
      method: 'PATCH',
      session: alice.session,
      body: {},
    })
    expect(empty.status).toBe(400)
    expect(await json(empty)).toMatchObject({ error: { code: 'BAD_REQUEST' } })
  })
})

describe('inputs', () => {
  it('attach, re-pin, detach; the model lists the notebook and counts it', async () => {
    const v = await makeVariation({ versions: 2 })
    const nb = await created(await upload(alice.session, ipynb([])))
    expect(await notebookCount(v.modelId)).toBe(0)
    const attach = (version: number | 'latest') =>
      call(`${notebookPath(nb)}/inputs`, {
        method: 'PUT',
        session: alice.session,
        body: inputOf(v, version),
      })
    expect((await attach('latest')).status).toBe(200)
    const pinned = await attach(2)
    expect(await json(pinned)).toMatchObject({ inputs: [{ model: v.model, version: 2 }] })
    expect(await notebookCount(v.modelId)).toBe(1)
    expect((await listOf(v.path)).notebooks.map((n) => n.slug)).toEqual([nb.slug])

    const detach = `${notebookPath(nb)}/inputs/${v.owner}/${v.model}/tensorFlow2/default`
    const res = await call(detach, { method: 'DELETE', session: alice.session })
    expect(res.status).toBe(200)
    expect(await json(res)).toEqual({ inputs: [] })
    expect(await notebookCount(v.modelId)).toBe(0)
    const again = await call(detach, { method: 'DELETE', session: alice.session })
    expect(again.status).toBe(404)
  })

  it('the count is external links plus public hosted notebooks, and sorts the catalog', async () => {
    const v = await makeVariation()
    await env.DB.prepare(
      `insert into notebooks (model_id, title, url, source) values (?, 'Colab', 'https://colab.example/1', 'tfhub')`,
    )
      .bind(v.modelId)
      .run()
    expect(await notebookCount(v.modelId)).toBe(1)
    await created(await createFrom(alice.session, v))
    await created(await createFrom(bob.session, v))
    await created(await createFrom(bob.session, v, { isPrivate: true }))
    expect(await notebookCount(v.modelId)).toBe(3)
    const list = await listOf(v.path)
    expect(list.links).toEqual([
      { id: expect.any(Number), title: 'Colab', url: 'https://colab.example/1', source: 'tfhub' },
    ])
    expect(list.notebooks).toHaveLength(2)
    const sorted = await call('/api/v1/models/list?sortBy=notebookCount&pageSize=3')
    expect(sorted.status).toBe(200)
    const refs = (await json<{ models: { ref: string; notebookCount: number }[] }>(sorted)).models
    expect(refs[0]).toMatchObject({ ref: v.path, notebookCount: 3 })
  })
})

describe('votes', () => {
  it('upvotes are idempotent and sort the model list by votes', async () => {
    const v = await makeVariation()
    const low = await created(await createFrom(alice.session, v, { title: 'Low' }))
    const high = await created(await createFrom(alice.session, v, { title: 'High' }))
    for (const user of [alice, bob, bob])
      expect(
        (
          await call(`/api/v1/votes/notebooks/${high.owner}/${high.slug}`, {
            method: 'PUT',
            session: user.session,
          })
        ).status,
      ).toBe(200)
    const byVotes = await listOf(v.path, '?sort=votes', bob.session)
    expect(byVotes.notebooks.map((n) => [n.slug, n.voteCount, n.hasVoted])).toEqual([
      [high.slug, 2, true],
      [low.slug, 0, false],
    ])
    const byRecent = await listOf(v.path, '?sort=recent')
    expect(byRecent.notebooks.map((n) => n.slug)).toEqual([high.slug, low.slug])
    const back = await call(`/api/v1/votes/notebooks/${high.owner}/${high.slug}`, {
      method: 'DELETE',
      session: bob.session,
    })
    expect(await json(back)).toEqual({ voteCount: 1, hasVoted: false })
  })
})

describe('POST /api/v1/notebooks/:owner/:slug/fork', () => {
  it('copies the latest version with its inputs and records the lineage', async () => {
    const v = await makeVariation({ versions: 3 })
    const source = await created(
      await createFrom(alice.session, v, { title: 'Original', version: 3 }),
    )
    await call(`${notebookPath(source)}/versions`, {
      method: 'POST',
      session: alice.session,
      raw: bytesOf(ipynb([markdownCell('second version')])),
    })
    const fork = await created(
      await call(`${notebookPath(source)}/fork`, { session: bob.session, body: {} }),
    )
    expect(fork).toMatchObject({
      owner: bob.username,
      slug: 'original',
      title: 'Original',
      latestVersion: 1,
      forkedFrom: { owner: alice.username, slug: source.slug, title: 'Original' },
      inputs: [{ owner: v.owner, model: v.model, version: 3 }],
    })
    expect(JSON.parse(await downloadText(`${notebookPath(fork)}/ipynb`)).cells[0].source).toBe(
      'second version',
    )
    const after = await json<ApiHostedNotebookDetail>(await call(notebookPath(source)))
    expect(after.forkCount).toBe(1)
    // both use the model: its tab lists both, and counts both
    expect((await listOf(v.path)).notebooks.map((n) => n.owner).sort()).toEqual(
      [alice.username, bob.username].sort(),
    )
    expect(await notebookCount(v.modelId)).toBe(2)
  })

  it('a fork of a fork points at its own source; forking twice gives a second slug', async () => {
    const nb = await created(await upload(alice.session, ipynb([]), 'title=Chain'))
    const a = await created(
      await call(`${notebookPath(nb)}/fork`, { session: bob.session, body: {} }),
    )
    const b = await created(
      await call(`${notebookPath(nb)}/fork`, { session: bob.session, body: {} }),
    )
    expect([a.slug, b.slug]).toEqual(['chain', 'chain-2'])
    const c = await created(
      await call(`${notebookPath(a)}/fork`, {
        session: alice.session,
        body: { title: 'Chain again' },
      }),
    )
    expect(c.forkedFrom).toEqual({ owner: bob.username, slug: 'chain', title: 'Chain' })
    const source = await json<ApiHostedNotebookDetail>(await call(notebookPath(nb)))
    expect(source.forkCount).toBe(2)
  })
})

describe('GET /api/v1/notebooks/:owner/:slug', () => {
  it('answers 404 in the envelope for an unknown notebook', async () => {
    const res = await call(`/api/v1/notebooks/${alice.username}/nope`)
    expect(res.status).toBe(404)
    expect(await json(res)).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })

  it('goes through the real Worker entry', async () => {
    const nb = await created(await upload(alice.session, ipynb([markdownCell('x')])))
    const res = await exports.default.fetch(`https://modelport.test${notebookPath(nb)}`)
    expect(res.status).toBe(200)
    expect(await json(res)).toMatchObject({ slug: nb.slug, version: { cellCount: 1 } })
  })
})
