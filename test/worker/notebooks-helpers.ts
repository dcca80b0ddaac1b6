// Notebooks in tests: .ipynb documents, models with a variation and a version made in D1, and
// the calls of the notebook routes.
import { env } from 'cloudflare:workers'
import type { ApiHostedNotebookDetail } from '../../worker/api-types'
import { json } from './helpers'
import { call, uniqueName } from './accounts-helpers'

type Cell = Record<string, unknown>

export const markdownCell = (source: string | string[]): Cell => ({
  cell_type: 'markdown',
  metadata: {},
  source,
})

export const codeCell = (source: string, outputs: unknown[] = []): Cell => ({
  cell_type: 'code',
  metadata: {},
  execution_count: null,
  source,
  outputs,
})

/** An nbformat 4 document with these cells. */
export function ipynb(cells: Cell[], extra: Record<string, unknown> = {}) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } },
    cells,
    ...extra,
  }
}

export const bytesOf = (value: unknown) =>
  value instanceof Uint8Array
    ? value
    : new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value))

/**
 * A public model of a new organization with one variation and `versions` ready versions. A
 * private model when asked, owned by `ownerId` (a user's owner row) when given.
 */
export async function makeVariation(
  options: { framework?: string; versions?: number; isPrivate?: boolean; ownerId?: number } = {},
) {
  let ownerId = options.ownerId
  let ownerSlug: string
  if (ownerId === undefined) {
    ownerSlug = uniqueName('org')
    const owner = await env.DB.prepare(
      `insert into owners (slug, kind, display_name, source) values (?, 'organization', 'Org', 'local') returning id`,
    )
      .bind(ownerSlug)
      .first<{ id: number }>()
    ownerId = owner!.id
  } else {
    const owner = await env.DB.prepare('select slug from owners where id = ?')
      .bind(ownerId)
      .first<{ slug: string }>()
    ownerSlug = owner!.slug
  }
  const slug = uniqueName('model')
  const model = await env.DB.prepare(
    `insert into models (owner_id, slug, title, provenance, is_private) values (?, ?, 'A model', 'community', ?) returning id`,
  )
    .bind(ownerId, slug, options.isPrivate ? 1 : 0)
    .first<{ id: number }>()
  const framework = options.framework ?? 'tensorFlow2'
  const variation = await env.DB.prepare(
    `insert into variations (model_id, framework, slug) values (?, ?, 'default') returning id`,
  )
    .bind(model!.id, framework)
    .first<{ id: number }>()
  for (let n = 1; n <= (options.versions ?? 1); n++)
    await env.DB.prepare(
      `insert into versions (variation_id, number, status) values (?, ?, 'ready')`,
    )
      .bind(variation!.id, n)
      .run()
  return {
    modelId: model!.id,
    owner: ownerSlug,
    model: slug,
    framework,
    variation: 'default',
    path: `${ownerSlug}/${slug}`,
  }
}

export type Variation = Awaited<ReturnType<typeof makeVariation>>

export const inputOf = (v: Variation, version: number | 'latest' = 'latest') => ({
  owner: v.owner,
  model: v.model,
  framework: v.framework,
  variation: v.variation,
  version,
})

/** "New notebook" on a variation, as `session`; answers the response. */
export function createFrom(
  session: string,
  v: Variation,
  body: { title?: string; isPrivate?: boolean; version?: number | 'latest' } = {},
) {
  return call('/api/v1/notebooks', {
    session,
    body: { title: body.title, isPrivate: body.isPrivate, input: inputOf(v, body.version) },
  })
}

/** Uploads a .ipynb (any bytes) as `session`. */
export function upload(session: string, content: unknown, query = 'title=Uploaded') {
  return call(`/api/v1/notebooks/upload?${query}`, {
    method: 'POST',
    session,
    raw: bytesOf(content),
  })
}

export async function created(res: Response) {
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status}: ${await res.text()}`)
  return json<ApiHostedNotebookDetail>(res)
}

/** Rows and R2 objects of notebooks, to show a refusal stored nothing. */
export async function storedCounts() {
  const row = await env.DB.prepare(
    `select (select count(*) from hosted_notebooks) as notebooks, (select count(*) from notebook_versions) as versions`,
  ).first<{ notebooks: number; versions: number }>()
  const objects = await env.BUCKET.list({ prefix: 'notebooks/' })
  return { ...row!, objects: objects.objects.length }
}
