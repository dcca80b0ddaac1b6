// The head of each server-answered page (worker/routes/pages.ts), from the same service functions
// the API answers with, as the caller may see them. An unknown model or owner is a 404 head; any
// other failure is the caller's to handle (the page falls back to the plain SPA shell).
import type { Context } from 'hono'
import type { ApiModelDetail } from '../api-types'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { describeModel } from '../lib/describe-model'
import { callerSeesPrivate, modelAnswer } from '../services/kaggle-answers'
import { ownerAnswer } from '../services/owner-answer'
import { defaultDescription, type PageHead } from './head'

type Ctx = Context<AppEnv>

const isNotFound = (err: unknown) => err instanceof ApiError && err.code === 'NOT_FOUND'

/** The page's own URL without its query string or a trailing slash: pages are self-canonical. */
function selfUrl(c: Ctx) {
  const url = new URL(c.req.url)
  return `${url.origin}${url.pathname.replace(/(.)\/+$/, '$1')}`
}

/** An image address from the API (a site path or another host's URL), absolute, http(s) only. */
function absoluteImage(c: Ctx, src: string | undefined) {
  if (!src) return undefined
  try {
    const url = new URL(src, c.req.url)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}

/** `/` and `/models`, with the search and filters of the URL. */
export function listHead(c: Ctx): PageHead {
  const url = new URL(c.req.url)
  const q = (url.searchParams.get('q') ?? '').trim()
  return {
    status: 200,
    title: q ? `Search: ${q}` : 'Models',
    description: q ? `Pre-trained models matching “${q}” on Modelport.` : defaultDescription,
    canonical: `${url.origin}/models`,
    // a search or a filtered view is a view of /models: followed, never indexed on its own
    noindex: [...url.searchParams.values()].some((v) => v.trim() !== ''),
  }
}

/** Structured data of a model page (schema.org has no type for a model: a CreativeWork). */
function modelJsonLd(model: ApiModelDetail, url: string, description: string) {
  return {
    '@context': 'https://schema.org',
    '@type': 'CreativeWork',
    name: model.title,
    headline: model.subtitle || model.title,
    description,
    url,
    author: {
      '@type': model.owner?.isOrganization ? 'Organization' : 'Person',
      name: model.author || model.ownerSlug,
      ...(model.owner && { url: model.owner.profileUrl }),
    },
    ...(model.license && { license: model.license.url ?? model.license.name }),
    dateCreated: model.createTime,
    dateModified: model.updateTime,
    ...(model.publishTime && { datePublished: model.publishTime }),
    keywords: model.tags.map((t) => t.name),
  }
}

/** `/models/:owner/:model[/…]`: every URL form of a model page answers for its model. */
export async function modelHead(c: Ctx, owner: string, slug: string): Promise<PageHead> {
  const canonical = selfUrl(c)
  let model: ApiModelDetail
  try {
    model = (await modelAnswer(c, owner, slug, callerSeesPrivate(c))) as ApiModelDetail
  } catch (err) {
    if (!isNotFound(err)) throw err
    return { status: 404, title: 'Model not found', description: defaultDescription, canonical }
  }
  const description = describeModel(model) || defaultDescription
  return {
    status: 200,
    title: `${model.title} by ${model.author || model.ownerSlug}`,
    description,
    canonical,
    image: absoluteImage(c, model.authorImageUrl ?? model.owner?.imageUrl),
    ogType: 'article',
    jsonLd: modelJsonLd(model, canonical, description),
  }
}

/** `/owners/:owner`. */
export async function ownerHead(c: Ctx, slug: string): Promise<PageHead> {
  const canonical = selfUrl(c)
  try {
    const owner = await ownerAnswer(c, slug)
    const count = owner.modelCount
    return {
      status: 200,
      title: owner.name,
      description: `${count.toLocaleString('en-US')} pre-trained model${count === 1 ? '' : 's'} by ${owner.name} on Modelport.`,
      canonical,
      image: absoluteImage(c, owner.imageUrl),
      ogType: 'profile',
    }
  } catch (err) {
    if (!isNotFound(err)) throw err
    return { status: 404, title: 'Owner not found', description: defaultDescription, canonical }
  }
}
