// Hosted notebooks (docs/notebooks.md): start one from a variation or an upload, read it and its
// versions, save versions, attach inputs, fork; and a model's notebooks. A private notebook is
// answered only to whoever may act for its owner: to anyone else it does not exist (404).
// Mounted at /api/v1/notebooks.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import {
  attachInput,
  detachInput,
  getNotebook,
  getNotebookHandle,
  getNotebookVersion,
  listModelNotebooks,
  listNotebookInputs,
  listNotebookLinks,
  ownersActedFor,
  updateNotebook,
  votedNotebooks,
  type HostedNotebook,
  type NotebookVersion,
} from '../../db/queries/notebooks'
import { getVersion, listVersions } from '../../db/queries/models'
import { allows, authorize, currentUser } from '../accounts/permissions'
import type {
  ApiHostedNotebook,
  ApiHostedNotebookDetail,
  ApiNotebookInput,
  ApiNotebookRunFiles,
  ListModelNotebooksResponse,
} from '../api-types'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { notebookContentType, readNotebookBody } from '../notebooks/store'
import {
  createStarterNotebook,
  createUploadedNotebook,
  deleteHostedNotebook,
  forkNotebook,
  saveNotebookVersion,
} from '../services/notebooks'
import { resolveModel, resolveVariation } from '../services/resolve'
import { signFilesFolder } from '../services/signed-download'
import { toApiNotebook } from '../serialize'
import { jsonBody, legacyQuery } from '../validate'
import notebookComments from './notebook-comments'
import { notebookOwner, visibleNotebook } from './notebook-params'

type Ctx = Context<AppEnv>

const title = z
  .string()
  // a title is one line
  .transform((s) => s.replace(/[\0\r\n\t]+/g, ' ').trim())
  .pipe(z.string().min(1).max(200))

const slugPart = z.string().min(1).max(100)
const inputRef = z.object({
  owner: slugPart,
  model: slugPart,
  framework: slugPart,
  variation: slugPart,
  version: z.union([z.number().int().min(1).max(1e9), z.literal('latest')]).default('latest'),
})

const createBody = z.object({
  title: title.default('Untitled notebook'),
  isPrivate: z.boolean().default(false),
  input: inputRef,
})
const uploadQuery = z.object({
  title: title.default('Untitled notebook'),
  private: z.enum(['true', 'false']).default('false'),
})
const updateBody = z
  .object({ title: title.optional(), isPrivate: z.boolean().optional() })
  .refine((v) => v.title !== undefined || v.isPrivate !== undefined, 'send title or isPrivate')
const forkBody = z.object({ title: title.optional(), isPrivate: z.boolean().optional() })
const listQuery = z.object({ sort: z.enum(['votes', 'recent']).default('votes') })

const origin = (c: Ctx) => new URL(c.req.url).origin
const seesPrivateModel = (c: Ctx) => (ownerId: number) => allows(c, 'catalog.private', ownerId)

/** The variation of an input reference, as the caller may see it, and its pinned version. */
async function resolveInput(c: Ctx, ref: z.infer<typeof inputRef>) {
  const found = await resolveVariation(
    c.var.db,
    ref.owner,
    ref.model,
    ref.framework,
    ref.variation,
    seesPrivateModel(c),
  )
  if (ref.version !== 'latest') {
    const version = await getVersion(c.var.db, found.variation.id, ref.version)
    if (!version || version.status !== 'ready')
      throw new ApiError(
        'NOT_FOUND',
        `version ${ref.version} of ${ref.owner}/${ref.model} not found`,
      )
  }
  return { found, pinned: ref.version === 'latest' ? null : ref.version }
}

const notebookUrl = (c: Ctx, owner: string, slug: string) =>
  `${origin(c)}/notebooks/${owner}/${slug}`

async function toApiHostedNotebook(
  c: Ctx,
  row: { notebook: HostedNotebook; ownerSlug: string; ownerName: string },
  voted: Set<number>,
): Promise<ApiHostedNotebook> {
  const { notebook } = row
  const source = notebook.forkedFromId
    ? await getNotebookHandle(c.var.db, notebook.forkedFromId)
    : undefined
  const sourceVisible =
    source && (!source.isPrivate || (await allows(c, 'notebook.private', source.ownerId)))
  return {
    owner: row.ownerSlug,
    ownerName: row.ownerName,
    slug: notebook.slug,
    title: notebook.title,
    language: notebook.language,
    isPrivate: notebook.isPrivate,
    voteCount: notebook.voteCount,
    hasVoted: voted.has(notebook.id),
    forkCount: notebook.forkCount,
    latestVersion: notebook.latestVersion,
    forkedFrom: sourceVisible
      ? { owner: source.ownerSlug, slug: source.slug, title: source.title }
      : null,
    createTime: notebook.createdAt.toISOString(),
    updateTime: notebook.updatedAt.toISOString(),
    url: notebookUrl(c, row.ownerSlug, notebook.slug),
  }
}

async function votedBy(c: Ctx, ids: number[]) {
  const actor = c.var.actor
  return actor.kind === 'user' ? votedNotebooks(c.var.db, actor.user.id, ids) : new Set<number>()
}

async function inputsOf(c: Ctx, notebookId: number): Promise<ApiNotebookInput[]> {
  const rows = await listNotebookInputs(c.var.db, notebookId)
  const inputs: ApiNotebookInput[] = []
  for (const r of rows) {
    // an input the caller may not see is left out, as the model itself would be
    if (!r.modelIsListed) continue
    if (r.modelIsPrivate && !(await allows(c, 'catalog.private', r.ownerId))) continue
    const handle = `${r.ownerSlug}/${r.modelSlug}/${r.framework}/${r.variationSlug}`
    inputs.push({
      owner: r.ownerSlug,
      model: r.modelSlug,
      framework: r.framework,
      variation: r.variationSlug,
      modelTitle: r.modelTitle,
      version: r.versionNumber,
      handle: r.versionNumber === null ? handle : `${handle}/${r.versionNumber}`,
      url: `${origin(c)}/models/${r.ownerSlug}/${r.modelSlug}`,
    })
  }
  return inputs
}

async function detail(
  c: Ctx,
  row: { notebook: HostedNotebook; owner: { slug: string; displayName: string } },
  version?: NotebookVersion,
): Promise<ApiHostedNotebookDetail> {
  const { notebook, owner } = row
  const shown = version ?? (await getNotebookVersion(c.var.db, notebook.id, notebook.latestVersion))
  if (!shown)
    throw new ApiError('NOT_FOUND', `notebook ${owner.slug}/${notebook.slug} has no version`)
  const base = `${origin(c)}/api/v1/notebooks/${owner.slug}/${notebook.slug}`
  return {
    ...(await toApiHostedNotebook(
      c,
      { notebook, ownerSlug: owner.slug, ownerName: owner.displayName },
      await votedBy(c, [notebook.id]),
    )),
    version: {
      number: shown.number,
      sizeBytes: shown.sizeBytes,
      cellCount: shown.cellCount,
      sha256: shown.sha256,
      createTime: shown.createdAt.toISOString(),
      downloadUrl: `${base}/versions/${shown.number}/ipynb`,
    },
    inputs: await inputsOf(c, notebook.id),
    canEdit: await allows(c, 'notebook.write', notebook.ownerId),
  }
}

/**
 * Where a run fetches each input's files: the inputs the caller may see (a private model's only
 * for whoever may see it), at their pinned version or the latest ready one; a private model's
 * folder signed for a few minutes. An input without a ready version is left out.
 */
async function runFilesOf(c: Ctx, notebookId: number): Promise<ApiNotebookRunFiles> {
  const rows = await listNotebookInputs(c.var.db, notebookId)
  const inputs: ApiNotebookRunFiles['inputs'] = []
  for (const r of rows) {
    if (!r.modelIsListed) continue
    if (r.modelIsPrivate && !(await allows(c, 'catalog.private', r.ownerId))) continue
    let version = r.versionNumber
    if (version === null) {
      const listed = await listVersions(c.var.db, r.variationId)
      version = listed.find((v) => v.status === 'ready')?.number ?? null
    }
    if (version === null) continue
    const segments = [r.ownerSlug, r.modelSlug, r.framework, r.variationSlug, String(version)]
    const folder = `/api/v1/files/${segments.map(encodeURIComponent).join('/')}/`
    const signed = r.modelIsPrivate ? await signFilesFolder(c, folder) : undefined
    inputs.push({
      handle: segments.slice(0, 4).join('/'),
      version,
      filesUrl: `${origin(c)}${folder}`,
      ...(signed ? { signature: signed.signature, expireTime: signed.expires.toISOString() } : {}),
    })
  }
  return { inputs }
}

/** The `:number` of a version route: a positive integer, else 404. */
function versionNumber(c: Ctx) {
  const value = c.req.param('number') ?? ''
  const n = /^\d{1,9}$/.test(value) ? Number(value) : 0
  if (n < 1)
    throw new ApiError('NOT_FOUND', `no such version: ${JSON.stringify(value.slice(0, 20))}`)
  return n
}

async function visibleVersion(c: Ctx) {
  const row = await visibleNotebook(c)
  const version = await getNotebookVersion(c.var.db, row.notebook.id, versionNumber(c))
  if (!version) throw new ApiError('NOT_FOUND', 'no such version of this notebook')
  return { row, version }
}

/** The .ipynb of a version, streamed from R2, as a download that nothing renders in place. */
async function download(c: Ctx, row: { notebook: HostedNotebook }, version: NotebookVersion) {
  const object = await c.env.BUCKET.get(version.r2Key)
  if (!object) throw new ApiError('NOT_FOUND', 'the notebook file is missing')
  return c.body(object.body, 200, {
    'content-type': notebookContentType,
    'content-length': String(object.size),
    'content-disposition': `attachment; filename="${row.notebook.slug}-v${version.number}.ipynb"`,
    // opened directly, the file is data: no script, no same-origin rights
    'content-security-policy': "default-src 'none'; sandbox",
    'x-content-type-options': 'nosniff',
    'cache-control': row.notebook.isPrivate ? 'private, no-store' : 'public, max-age=300',
    etag: `"${version.sha256}"`,
  })
}

const author = (c: Ctx) => {
  const { user } = currentUser(c)
  return { ownerId: user.ownerId, authorId: user.id }
}

const notebooks = new Hono<AppEnv>()
  .post('/', authorize('notebook.create'), jsonBody(createBody), async (c) => {
    const body = c.req.valid('json')
    const { found, pinned } = await resolveInput(c, body.input)
    const created = await createStarterNotebook(
      c.var.db,
      c.env.BUCKET,
      { ...author(c), title: body.title, isPrivate: body.isPrivate },
      found,
      pinned,
      origin(c),
    )
    const row = await getNotebook(c.var.db, currentUser(c).user.username, created.slug)
    return c.json(await detail(c, row!), 201)
  })
  .post('/upload', authorize('notebook.create'), legacyQuery(uploadQuery), async (c) => {
    const query = c.req.valid('query')
    const bytes = await readNotebookBody(c.req.raw)
    const created = await createUploadedNotebook(
      c.var.db,
      c.env.BUCKET,
      { ...author(c), title: query.title, isPrivate: query.private === 'true' },
      bytes,
    )
    const row = await getNotebook(c.var.db, currentUser(c).user.username, created.slug)
    return c.json(await detail(c, row!), 201)
  })
  .get('/models/:owner/:model', legacyQuery(listQuery), async (c) => {
    const found = await resolveModel(
      c.var.db,
      c.req.param('owner'),
      c.req.param('model'),
      seesPrivateModel(c),
    )
    const actor = c.var.actor
    const visibleOwners =
      actor.kind === 'user' ? await ownersActedFor(c.var.db, actor.user.id, actor.user.ownerId) : []
    const [rows, links] = await Promise.all([
      listModelNotebooks(c.var.db, found.id, c.req.valid('query').sort, visibleOwners),
      listNotebookLinks(c.var.db, found.id),
    ])
    const voted = await votedBy(
      c,
      rows.map((r) => r.notebook.id),
    )
    const body: ListModelNotebooksResponse = {
      notebooks: await Promise.all(rows.map((r) => toApiHostedNotebook(c, r, voted))),
      links: links.map(toApiNotebook),
    }
    return c.json(body, 200)
  })
  .get('/:owner/:slug', async (c) => c.json(await detail(c, await visibleNotebook(c)), 200))
  .patch(
    '/:owner/:slug',
    authorize('notebook.write', notebookOwner),
    jsonBody(updateBody),
    async (c) => {
      const row = await visibleNotebook(c)
      const notebook = await updateNotebook(c.var.db, row.notebook.id, c.req.valid('json'))
      return c.json(await detail(c, { ...row, notebook }), 200)
    },
  )
  .delete('/:owner/:slug', authorize('notebook.delete', notebookOwner), async (c) => {
    const row = await visibleNotebook(c)
    await deleteHostedNotebook(c.var.db, c.env.BUCKET, row.notebook.id)
    return c.body(null, 204)
  })
  .get('/:owner/:slug/run-files', async (c) => {
    const row = await visibleNotebook(c)
    c.header('cache-control', 'private, no-store')
    return c.json(await runFilesOf(c, row.notebook.id), 200)
  })
  .get('/:owner/:slug/ipynb', async (c) => {
    const row = await visibleNotebook(c)
    const version = await getNotebookVersion(c.var.db, row.notebook.id, row.notebook.latestVersion)
    if (!version) throw new ApiError('NOT_FOUND', 'this notebook has no version')
    return download(c, row, version)
  })
  .get('/:owner/:slug/versions/:number', async (c) => {
    const { row, version } = await visibleVersion(c)
    return c.json(await detail(c, row, version), 200)
  })
  .get('/:owner/:slug/versions/:number/ipynb', async (c) => {
    const { row, version } = await visibleVersion(c)
    return download(c, row, version)
  })
  .post('/:owner/:slug/versions', authorize('notebook.write', notebookOwner), async (c) => {
    const row = await visibleNotebook(c)
    const bytes = await readNotebookBody(c.req.raw)
    const actor = c.var.actor
    const number = await saveNotebookVersion(
      c.var.db,
      c.env.BUCKET,
      row.notebook.id,
      actor.kind === 'user' ? actor.user.id : null,
      bytes,
    )
    const version = await getNotebookVersion(c.var.db, row.notebook.id, number)
    const saved = await getNotebook(c.var.db, row.owner.slug, row.notebook.slug)
    return c.json(await detail(c, saved!, version), 201)
  })
  .put(
    '/:owner/:slug/inputs',
    authorize('notebook.write', notebookOwner),
    jsonBody(inputRef),
    async (c) => {
      const row = await visibleNotebook(c)
      const { found, pinned } = await resolveInput(c, c.req.valid('json'))
      await attachInput(c.var.db, row.notebook.id, {
        variationId: found.variation.id,
        modelId: found.model.id,
        versionNumber: pinned,
      })
      return c.json({ inputs: await inputsOf(c, row.notebook.id) }, 200)
    },
  )
  .delete(
    '/:owner/:slug/inputs/:inputOwner/:inputModel/:framework/:variation',
    authorize('notebook.write', notebookOwner),
    async (c) => {
      const row = await visibleNotebook(c)
      const p = c.req.param()
      const { found } = await resolveInput(c, {
        owner: p.inputOwner,
        model: p.inputModel,
        framework: p.framework,
        variation: p.variation,
        version: 'latest',
      })
      if (!(await detachInput(c.var.db, row.notebook.id, found.variation.id)))
        throw new ApiError('NOT_FOUND', 'that variation is not an input of this notebook')
      return c.json({ inputs: await inputsOf(c, row.notebook.id) }, 200)
    },
  )
  .post('/:owner/:slug/fork', authorize('notebook.create'), jsonBody(forkBody), async (c) => {
    const row = await visibleNotebook(c)
    const body = c.req.valid('json')
    const latest = await getNotebookVersion(c.var.db, row.notebook.id, row.notebook.latestVersion)
    if (!latest) throw new ApiError('NOT_FOUND', 'this notebook has no version to fork')
    const created = await forkNotebook(
      c.var.db,
      {
        ...author(c),
        title: body.title ?? row.notebook.title,
        // a fork of a private notebook stays private unless asked otherwise
        isPrivate: body.isPrivate ?? row.notebook.isPrivate,
      },
      { id: row.notebook.id, language: row.notebook.language },
      latest,
    )
    const fork = await getNotebook(c.var.db, currentUser(c).user.username, created.slug)
    return c.json(await detail(c, fork!), 201)
  })
  .route('/', notebookComments)

export default notebooks
