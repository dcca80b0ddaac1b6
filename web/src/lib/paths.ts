export interface ModelPathParts {
  owner: string
  model: string
  framework?: string
  variation?: string
  version?: number | string
}

/**
 * The SPA path of a model, optionally narrowed to a framework, a variation and a version:
 * `/models/:owner/:model[/:framework[/:variation[/:version]]]`. Each part needs the one before it.
 */
export function modelPath(parts: ModelPathParts) {
  const segments = [parts.owner, parts.model]
  if (parts.framework) {
    segments.push(parts.framework)
    if (parts.variation) {
      segments.push(parts.variation)
      if (parts.version !== undefined && parts.version !== '') segments.push(String(parts.version))
    }
  }
  return `/models/${segments.map(encodeURIComponent).join('/')}`
}

/** An owner's page: profile and models. */
export function ownerPath(owner: string) {
  return `/owners/${encodeURIComponent(owner)}`
}

/** The landing page with a search, an owner filter and a sort; empty values are left out. */
export function searchPath(query: { q?: string; owner?: string; sort?: string }) {
  const search = new URLSearchParams()
  if (query.q?.trim()) search.set('q', query.q.trim())
  if (query.owner) search.set('owner', query.owner)
  if (query.sort) search.set('sort', query.sort)
  const qs = search.toString()
  return qs ? `/models?${qs}` : '/models'
}

/** One discussion topic under its model's page. */
export function topicPath(owner: string, model: string, topicId: number) {
  return `${modelPath({ owner, model })}/discussion/${topicId}`
}

/** A user's public profile. */
export function userPath(username: string) {
  return `/users/${encodeURIComponent(username)}`
}

/** A hosted notebook's page. */
export function notebookPath(owner: string, slug: string) {
  return `/notebooks/${encodeURIComponent(owner)}/${encodeURIComponent(slug)}`
}
