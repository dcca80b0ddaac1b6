import { and, asc, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { Db } from '../client'
import { files, licenses, models, modelTags, notebooks, owners, tags, variations, versions } from '../schema'
import { facetLabelsQuery, searchModels, type SearchParams } from './search'

export { searchSorts as modelSorts, type SearchSort as ModelSort } from './search'

export type ModelRow = Awaited<ReturnType<typeof selectModels>>[number]

/**
 * One page of public models for a search (db/queries/search.ts) with their owner, licence, tags
 * and frameworks, the total number of matches, the next page's cursor and, when asked, facet
 * counts and their labels: the search, then one D1 batch for everything on the page. List rows
 * leave the model card out (a page of cards would be most of its bytes).
 */
export async function listModels(db: Db, params: SearchParams) {
  const found = await searchModels(db, params)
  const ids = found.ids
  // one table per statement: a D1 batch answers rows as objects, where a join's columns of the
  // same name (id, slug, …) would overwrite each other
  const listed = { ...getTableColumns(models), cardMd: sql<string>`''` }
  const [modelRows, ownerRows, licenseRows, tagRows, frameworkRows, labelRows] = await db.batch([
    db.select(listed).from(models).where(inIds(models.id, ids)),
    db.select().from(owners).where(sql`${owners.id} in (select owner_id from models where ${inIds(models.id, ids)})`),
    db.select().from(licenses).where(sql`${licenses.id} in (select license_id from models where ${inIds(models.id, ids)})`),
    tagsQuery(db, ids),
    frameworksQuery(db, ids),
    facetLabelsQuery(db, found.facets ?? {}),
  ])
  const ownerById = new Map(ownerRows.map((o) => [o.id, o]))
  const licenseById = new Map(licenseRows.map((l) => [l.id, l]))
  const byId = new Map(modelRows.map((model) => [model.id, model]))
  const rows = ids.flatMap((id) => {
    const model = byId.get(id)
    const owner = model && ownerById.get(model.ownerId)
    return model && owner ? [{ id, model, owner, license: (model.licenseId && licenseById.get(model.licenseId)) || null }] : []
  })
  return {
    ...found,
    rows,
    tags: groupTags(tagRows),
    frameworks: groupFrameworks(frameworkRows),
    labels: new Map(labelRows.map((r) => [r.facet, r.label])),
  }
}

// one JSON parameter: D1 allows 100 bound parameters and a page holds up to 100 models
const inIds = (column: SQLiteColumn, ids: number[]) => sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`

/** Models with their owner and licence, by id, in no particular order. */
export async function selectModels(db: Db, ids: number[]) {
  if (!ids.length) return []
  return db
    .select({ model: models, owner: owners, license: licenses })
    .from(models)
    .innerJoin(owners, eq(owners.id, models.ownerId))
    .leftJoin(licenses, eq(licenses.id, models.licenseId))
    .where(inIds(models.id, ids))
    .then((rows) => rows.map((r) => ({ id: r.model.id, ...r })))
}

/** A public model by its handle, or undefined. */
export async function getModelByHandle(db: Db, ownerSlug: string, slug: string) {
  const [row] = await db
    .select({ model: models, owner: owners, license: licenses })
    .from(models)
    .innerJoin(owners, eq(owners.id, models.ownerId))
    .leftJoin(licenses, eq(licenses.id, models.licenseId))
    .where(and(eq(owners.slug, ownerSlug), eq(models.slug, slug), eq(models.isListed, true), eq(models.isPrivate, false)))
  return row ? { id: row.model.id, ...row } : undefined
}

function tagsQuery(db: Db, modelIds: number[]) {
  return db
    .select({ modelId: modelTags.modelId, type: tags.type, slug: tags.slug, name: tags.name })
    .from(modelTags)
    .innerJoin(tags, eq(tags.id, modelTags.tagId))
    .where(inIds(modelTags.modelId, modelIds))
    .orderBy(asc(tags.type), asc(tags.slug))
}

function groupTags(rows: Awaited<ReturnType<typeof tagsQuery>>) {
  const byModel = new Map<number, { type: string; slug: string; name: string }[]>()
  for (const { modelId, ...tag } of rows) byModel.set(modelId, [...(byModel.get(modelId) ?? []), tag])
  return byModel
}

/** Typed tags of these models, grouped by model id. */
export async function tagsOfModels(db: Db, modelIds: number[]) {
  return modelIds.length ? groupTags(await tagsQuery(db, modelIds)) : groupTags([])
}

function frameworksQuery(db: Db, modelIds: number[]) {
  return db
    .selectDistinct({ modelId: variations.modelId, framework: variations.framework })
    .from(variations)
    .where(and(inIds(variations.modelId, modelIds), eq(variations.isListed, true)))
    .orderBy(asc(variations.framework))
}

function groupFrameworks(rows: Awaited<ReturnType<typeof frameworksQuery>>) {
  const byModel = new Map<number, string[]>()
  for (const r of rows) byModel.set(r.modelId, [...(byModel.get(r.modelId) ?? []), r.framework])
  return byModel
}

// spelled out: drizzle would render the outer column unqualified, which the subquery would bind
const latestVersion = sql<number | null>`(select max(latest.number) from versions latest
  where latest.variation_id = "variations"."id" and latest.is_listed = 1 and latest.status = 'ready')`

/** Listed variations of a model, each with its latest ready version. */
export async function listVariations(db: Db, modelId: number) {
  const rows = await db
    .select({ variation: variations, latestNumber: latestVersion })
    .from(variations)
    .where(and(eq(variations.modelId, modelId), eq(variations.isListed, true)))
    .orderBy(asc(variations.framework), asc(variations.slug))
  return withLatestVersions(db, rows)
}

/** One listed variation of a model with its latest ready version, or undefined. */
export async function getVariation(db: Db, modelId: number, framework: string, slug: string) {
  const rows = await db
    .select({ variation: variations, latestNumber: latestVersion })
    .from(variations)
    .where(and(eq(variations.modelId, modelId), eq(variations.framework, framework), eq(variations.slug, slug), eq(variations.isListed, true)))
  return (await withLatestVersions(db, rows))[0]
}

async function withLatestVersions(db: Db, rows: { variation: typeof variations.$inferSelect; latestNumber: number | null }[]) {
  const latest = rows.filter((r) => r.latestNumber !== null)
  const versionRows = latest.length
    ? await db
        .select({ id: versions.id, variationId: versions.variationId, number: versions.number, totalBytes: versions.totalBytes })
        .from(versions)
        .where(
          sql`(${versions.variationId}, ${versions.number}) in (select value ->> '$[0]', value ->> '$[1]' from json_each(${JSON.stringify(latest.map((r) => [r.variation.id, r.latestNumber]))}))`,
        )
    : []
  const counts = rows.length
    ? await db
        .select({ variationId: versions.variationId, n: sql<number>`count(*)` })
        .from(versions)
        .where(and(inArray(versions.variationId, rows.map((r) => r.variation.id)), eq(versions.isListed, true), eq(versions.status, 'ready')))
        .groupBy(versions.variationId)
    : []
  const versionByVariation = new Map(versionRows.map((v) => [v.variationId, v]))
  const countByVariation = new Map(counts.map((c) => [c.variationId, c.n]))
  const base = new Map<number, { framework: string; slug: string }>()
  const baseIds = rows.map((r) => r.variation.baseVariationId).filter((id): id is number => id !== null)
  if (baseIds.length) {
    for (const b of await db.select({ id: variations.id, framework: variations.framework, slug: variations.slug }).from(variations).where(inArray(variations.id, baseIds))) {
      base.set(b.id, b)
    }
  }
  return rows.map((r) => ({
    ...r.variation,
    latest: versionByVariation.get(r.variation.id),
    versionCount: countByVariation.get(r.variation.id) ?? 0,
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
    .where(and(eq(versions.variationId, variationId), eq(versions.number, number), eq(versions.isListed, true)))
  return row
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

/** One file of a version by its path, or undefined. */
export async function getFile(db: Db, versionId: number, path: string) {
  const [row] = await db.select().from(files).where(and(eq(files.versionId, versionId), eq(files.path, path)))
  return row
}

/** Notebooks linked to a model, newest first. */
export async function listNotebooks(db: Db, modelId: number) {
  return db.select().from(notebooks).where(eq(notebooks.modelId, modelId)).orderBy(desc(notebooks.createdAt), desc(notebooks.id))
}
