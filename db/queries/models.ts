import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../client'
import {
  files,
  licenses,
  models,
  modelTags,
  notebooks,
  owners,
  tags,
  variations,
  versions,
} from '../schema'

type License = typeof licenses.$inferSelect

/** A model with its owner and licence, as a single model is read. */
export interface ModelRow {
  id: number
  model: typeof models.$inferSelect
  owner: typeof owners.$inferSelect
  license: License | null
}

/** What a model's API object is made of: the model (its card only where shown), owner, licence. */
export interface ModelSummary {
  model: Pick<
    typeof models.$inferSelect,
    | 'id'
    | 'slug'
    | 'title'
    | 'subtitle'
    | 'isPrivate'
    | 'publishedAt'
    | 'createdAt'
    | 'updatedAt'
    | 'voteCount'
    | 'downloadCount'
    | 'notebookCount'
    | 'discussionCount'
    | 'licenseSource'
    | 'fineTunable'
    | 'provenance'
    | 'sourceHandle'
    | 'sourceUrl'
  > & { cardMd?: string }
  owner: Pick<typeof owners.$inferSelect, 'slug' | 'displayName' | 'avatarUrl'>
  license: License | null
}

/** Which models a lookup by handle finds: public ones, or private ones too (the caller decides who sees them). */
export interface HandleLookup {
  includePrivate?: boolean
}

/** The listed model with this handle, public unless asked (a condition on models joined to owners). */
const isListedHandle = (ownerSlug: string, slug: string, lookup: HandleLookup = {}) =>
  and(
    eq(owners.slug, ownerSlug),
    eq(models.slug, slug),
    eq(models.isListed, true),
    lookup.includePrivate ? undefined : eq(models.isPrivate, false),
  )

/** A public model (or, when asked, a private one) by its handle, or undefined. */
export async function getModelByHandle(
  db: Db,
  ownerSlug: string,
  slug: string,
  lookup: HandleLookup = {},
): Promise<ModelRow | undefined> {
  const [row] = await db
    .select({ model: models, owner: owners, license: licenses })
    .from(models)
    .innerJoin(owners, eq(owners.id, models.ownerId))
    .leftJoin(licenses, eq(licenses.id, models.licenseId))
    .where(isListedHandle(ownerSlug, slug, lookup))
  return row ? { id: row.model.id, ...row } : undefined
}

/**
 * A listed version by its whole handle with its model (owner, licence) and variation, in one
 * statement: a download's first question, asked before any byte can go out. The variation or
 * version is null when the model exists but they do not; undefined when the model does not.
 * `framework` null (not one we know) finds no variation.
 */
export async function getVersionByHandle(
  db: Db,
  handle: {
    owner: string
    model: string
    framework: string | null
    variation: string
    number: number
  },
  lookup: HandleLookup = {},
) {
  const [row] = await db
    .select({
      model: models,
      owner: owners,
      license: licenses,
      variation: variations,
      version: versions,
    })
    .from(models)
    .innerJoin(owners, eq(owners.id, models.ownerId))
    .leftJoin(licenses, eq(licenses.id, models.licenseId))
    .leftJoin(
      variations,
      and(
        eq(variations.modelId, models.id),
        eq(variations.framework, handle.framework ?? ''),
        eq(variations.slug, handle.variation),
        eq(variations.isListed, true),
      ),
    )
    .leftJoin(
      versions,
      and(
        eq(versions.variationId, variations.id),
        eq(versions.number, handle.number),
        eq(versions.isListed, true),
      ),
    )
    .where(isListedHandle(handle.owner, handle.model, lookup))
  if (!row) return undefined
  const { variation, version, ...model } = row
  return { model: { id: model.model.id, ...model } as ModelRow, variation, version }
}

/**
 * A public model (or, when asked, a private one) by its handle with everything its page shows:
 * owner, licence, tags, listed variations with their latest ready versions, and notebooks; or
 * undefined. One D1 round trip: every statement finds the model by its handle itself. (One table
 * per statement: a D1 batch answers rows as objects, where a join's columns of the same name
 * would collide.)
 */
export async function getModelDetail(
  db: Db,
  ownerSlug: string,
  slug: string,
  lookup: HandleLookup = {},
) {
  const modelId = sql`(${db
    .select({ id: models.id })
    .from(models)
    .innerJoin(owners, eq(owners.id, models.ownerId))
    .where(isListedHandle(ownerSlug, slug, lookup))})`
  const listedVariation = and(eq(variations.modelId, modelId), eq(variations.isListed, true))
  const [
    [model],
    [owner],
    [license],
    tagRows,
    variationRows,
    versionRows,
    counts,
    baseRows,
    notebookRows,
  ] = await db.batch([
    db.select().from(models).where(eq(models.id, modelId)),
    db.select().from(owners).where(eq(owners.slug, ownerSlug)),
    db
      .select()
      .from(licenses)
      .where(eq(licenses.id, sql`(select m.license_id from models m where m.id = ${modelId})`)),
    db
      .select({ type: tags.type, slug: tags.slug, name: tags.name })
      .from(modelTags)
      .innerJoin(tags, eq(tags.id, modelTags.tagId))
      .where(eq(modelTags.modelId, modelId))
      .orderBy(asc(tags.type), asc(tags.slug)),
    db
      .select({ variation: variations, latestNumber: latestVersion, downloadCount: downloadsOf })
      .from(variations)
      .where(listedVariation)
      .orderBy(asc(variations.framework), asc(variations.slug)),
    db
      .select(latestVersionColumns)
      .from(versions)
      .innerJoin(variations, eq(variations.id, versions.variationId))
      .where(and(listedVariation, sql`${versions.number} = ${latestVersion}`)),
    db
      .select(versionCountColumns)
      .from(versions)
      .innerJoin(variations, eq(variations.id, versions.variationId))
      .where(and(listedVariation, eq(versions.isListed, true), eq(versions.status, 'ready')))
      .groupBy(versions.variationId),
    db
      .select(baseVariationColumns)
      .from(variations)
      .where(
        sql`${variations.id} in (select base.base_variation_id from variations base where base.model_id = ${modelId})`,
      ),
    db
      .select()
      .from(notebooks)
      .where(eq(notebooks.modelId, modelId))
      .orderBy(desc(notebooks.createdAt), desc(notebooks.id)),
  ])
  if (!model || !owner) return undefined
  return {
    model: { id: model.id, model, owner, license: license ?? null },
    tags: tagRows,
    variations: joinLatest(variationRows, versionRows, counts, baseRows),
    notebooks: notebookRows,
  }
}

// spelled out: drizzle would render the outer column unqualified, which the subquery would bind
const latestVersion = sql<number | null>`(select max(latest.number) from versions latest
  where latest.variation_id = "variations"."id" and latest.is_listed = 1 and latest.status = 'ready')`

/** A variation's downloads, all time (docs/usage.md), through the rollup's index by model. */
const downloadsOf = sql<number>`(select coalesce(sum(u.downloads), 0) from usage_daily_versions u
  where u.model_id = "variations"."model_id" and u.variation_id = "variations"."id")`

/** One listed variation of a model with its latest ready version, or undefined. */
export async function getVariation(db: Db, modelId: number, framework: string, slug: string) {
  const rows = await db
    .select({ variation: variations, latestNumber: latestVersion, downloadCount: downloadsOf })
    .from(variations)
    .where(
      and(
        eq(variations.modelId, modelId),
        eq(variations.framework, framework),
        eq(variations.slug, slug),
        eq(variations.isListed, true),
      ),
    )
  return (await withLatestVersions(db, rows))[0]
}

const latestVersionColumns = {
  id: versions.id,
  variationId: versions.variationId,
  number: versions.number,
  totalBytes: versions.totalBytes,
  sourceHandle: versions.sourceHandle,
  sourceUrl: versions.sourceUrl,
}
const versionCountColumns = { variationId: versions.variationId, n: sql<number>`count(*)` }
const baseVariationColumns = {
  id: variations.id,
  framework: variations.framework,
  slug: variations.slug,
}

type VariationRow = {
  variation: typeof variations.$inferSelect
  latestNumber: number | null
  downloadCount: number
}

async function withLatestVersions(db: Db, rows: VariationRow[]) {
  const latest = rows.filter((r) => r.latestNumber !== null)
  const versionRows = latest.length
    ? await db
        .select(latestVersionColumns)
        .from(versions)
        .where(
          sql`(${versions.variationId}, ${versions.number}) in (select value ->> '$[0]', value ->> '$[1]' from json_each(${JSON.stringify(latest.map((r) => [r.variation.id, r.latestNumber]))}))`,
        )
    : []
  const counts = rows.length
    ? await db
        .select(versionCountColumns)
        .from(versions)
        .where(
          and(
            inArray(
              versions.variationId,
              rows.map((r) => r.variation.id),
            ),
            eq(versions.isListed, true),
            eq(versions.status, 'ready'),
          ),
        )
        .groupBy(versions.variationId)
    : []
  const baseIds = rows
    .map((r) => r.variation.baseVariationId)
    .filter((id): id is number => id !== null)
  const baseRows = baseIds.length
    ? await db.select(baseVariationColumns).from(variations).where(inArray(variations.id, baseIds))
    : []
  return joinLatest(rows, versionRows, counts, baseRows)
}

/** Each variation with its latest ready version, its number of ready versions and its base variation. */
function joinLatest(
  rows: VariationRow[],
  versionRows: {
    id: number
    variationId: number
    number: number
    totalBytes: number
    sourceHandle: string | null
    sourceUrl: string | null
  }[],
  counts: { variationId: number; n: number }[],
  baseRows: { id: number; framework: string; slug: string }[],
) {
  const versionByVariation = new Map(versionRows.map((v) => [v.variationId, v]))
  const countByVariation = new Map(counts.map((c) => [c.variationId, c.n]))
  const base = new Map(baseRows.map((b) => [b.id, b]))
  return rows.map((r) => ({
    ...r.variation,
    latest: versionByVariation.get(r.variation.id),
    versionCount: countByVariation.get(r.variation.id) ?? 0,
    downloadCount: r.downloadCount,
    base: r.variation.baseVariationId ? base.get(r.variation.baseVariationId) : undefined,
  }))
}

export type VariationWithLatest = NonNullable<Awaited<ReturnType<typeof getVariation>>>

/** Listed versions of a variation, newest first. */
export async function listVersions(db: Db, variationId: number) {
  return db
    .select()
    .from(versions)
    .where(and(eq(versions.variationId, variationId), eq(versions.isListed, true)))
    .orderBy(desc(versions.number))
}

/** A listed version by number, or undefined. */
export async function getVersion(db: Db, variationId: number, number: number) {
  const [row] = await db
    .select()
    .from(versions)
    .where(
      and(
        eq(versions.variationId, variationId),
        eq(versions.number, number),
        eq(versions.isListed, true),
      ),
    )
  return row
}

/** The notes of these versions, by id. */
export async function getVersionNotes(db: Db, versionIds: number[]) {
  if (!versionIds.length) return new Map<number, string>()
  const rows = await db
    .select({ id: versions.id, notes: versions.notes })
    .from(versions)
    .where(inArray(versions.id, versionIds))
  return new Map(rows.map((r) => [r.id, r.notes]))
}

/** A page of a version's files in path order, starting after `afterPath`. */
export async function listFiles(db: Db, versionId: number, limit: number, afterPath?: string) {
  const conditions = [eq(files.versionId, versionId)]
  if (afterPath !== undefined) conditions.push(sql`${files.path} > ${afterPath}`)
  return db
    .select()
    .from(files)
    .where(and(...conditions))
    .orderBy(asc(files.path))
    .limit(limit)
}

/** Every file of a version (path, size, sha256), for comparing versions. */
export async function versionFileDigests(db: Db, versionId: number) {
  return db
    .select({ path: files.path, size: files.size, sha256: files.sha256 })
    .from(files)
    .where(eq(files.versionId, versionId))
}

/** One file of a version by its path, or undefined. */
export async function getFile(db: Db, versionId: number, path: string) {
  const [row] = await db
    .select()
    .from(files)
    .where(and(eq(files.versionId, versionId), eq(files.path, path)))
  return row
}
