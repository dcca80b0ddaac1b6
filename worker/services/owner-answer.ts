// An owner's public profile: the owner page's API answer (worker/routes/owners.ts) and, from the
// same queries, the owner page's server-side head (worker/pages/page-heads.ts).
import type { Context } from 'hono'
import { getOwnerBySlug, getOwnerCounts } from '../../db/queries/owners'
import type { ApiOwnerProfile } from '../api-types'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { toApiOwner } from '../serialize'
import { frameworkEnum } from '../vocabulary'

/** The owner by slug with its totals over public models; NOT_FOUND when there is none. */
export async function ownerAnswer(c: Context<AppEnv>, slug: string): Promise<ApiOwnerProfile> {
  const owner = await getOwnerBySlug(c.var.db, slug)
  if (!owner) throw new ApiError('NOT_FOUND', `Owner ${slug} not found`)
  const counts = await getOwnerCounts(c.var.db, owner.id)
  const origin = new URL(c.req.url).origin
  return {
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
}
