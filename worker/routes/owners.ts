// Owner profiles for the SPA's owner page. Not a Kaggle path: mounted at /api/v1/owners.
import { Hono } from 'hono'
import { getOwnerBySlug, getOwnerCounts } from '../../db/queries/owners'
import type { ApiOwnerProfile } from '../api-types'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { frameworkEnum } from '../vocabulary'
import { toApiOwner } from '../serialize'

const owners = new Hono<AppEnv>().get('/:owner', async (c) => {
  const slug = c.req.param('owner')
  const owner = await getOwnerBySlug(c.var.db, slug)
  if (!owner) throw new ApiError('NOT_FOUND', `Owner ${slug} not found`)
  const counts = await getOwnerCounts(c.var.db, owner.id)
  const origin = new URL(c.req.url).origin
  const body: ApiOwnerProfile = {
    ...toApiOwner(owner, origin),
    profileUrl: `${origin}/owners/${encodeURIComponent(owner.slug)}`,
    ...(owner.websiteUrl ? { websiteUrl: owner.websiteUrl } : {}),
    source: owner.source,
    createTime: owner.createdAt.toISOString(),
    modelCount: counts.models,
    totalDownloads: counts.downloads,
    totalVotes: counts.votes,
    frameworks: counts.frameworks.map((f) => ({
      framework: frameworkEnum(f.framework),
      frameworkSlug: f.framework,
      modelCount: f.models,
    })),
  }
  return c.json(body, 200)
})

export default owners
