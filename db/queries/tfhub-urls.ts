// Lookups for tfhub.dev's URLs (docs/tfhub.md, "TF Hub URLs"): which publishers are imported,
// and which version a TF Hub (kind, handle, version) became.
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { handleAliases, models, owners, variations, versions } from '../schema'

/** An imported publisher: an owner of its own, or one whose handles moved to a renamed owner. */
export async function isTfhubPublisher(db: Db, slug: string) {
  const [row] = await db
    .select({ id: owners.id })
    .from(owners)
    .where(and(eq(owners.slug, slug), eq(owners.source, 'tfhub')))
  if (row) return true
  // old paths start '<publisher>/'; '0' sorts right after '/'
  const [alias] = await db
    .select({ path: handleAliases.oldPath })
    .from(handleAliases)
    .where(and(gte(handleAliases.oldPath, `${slug}/`), lt(handleAliases.oldPath, `${slug}0`)))
    .limit(1)
  return alias !== undefined
}

/**
 * The listed Modelport version a TF Hub file was imported as, by its kind (`Module`, `Tfjs`,
 * `Lite`, `Coral`), name `<publisher>/<name>` and TF Hub version; the highest TF Hub version
 * when `sourceVersion` is undefined. (A source handle is `<publisher>/<name>/<version>`.)
 */
export async function findTfhubVersion(
  db: Db,
  kind: string,
  name: string,
  sourceVersion: number | undefined,
) {
  const conditions = [
    eq(versions.sourceKind, kind),
    sourceVersion === undefined
      ? sql`${versions.sourceHandle} = ${name} || '/' || ${versions.sourceVersion}`
      : eq(versions.sourceHandle, `${name}/${sourceVersion}`),
    eq(versions.isListed, true),
    eq(models.isListed, true),
  ]
  const [row] = await db
    .select({
      owner: owners.slug,
      model: models.slug,
      framework: variations.framework,
      variation: variations.slug,
      version: versions.number,
    })
    .from(versions)
    .innerJoin(variations, eq(variations.id, versions.variationId))
    .innerJoin(models, eq(models.id, variations.modelId))
    .innerJoin(owners, eq(owners.id, models.ownerId))
    .where(and(...conditions))
    .orderBy(desc(versions.sourceVersion))
    .limit(1)
  return row
}
