// Brings the catalog tables in line with a CatalogPlan. Rows carry a hash of their imported
// fields, so unchanged rows are not written at all and a repeated import writes nothing.
//
// A model's or variation's hash is stored last, after everything derived from it (tags,
// variations, links, notebooks, the search index) is written: a run that dies halfway leaves
// the old hash, so the next run sees the row as changed and finishes its dependants.
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { bulkUpsert, runInBatches } from '../../db/queries/bulk'
import { reindexModels } from '../../db/queries/search-index'
import { modelTags, models, notebooks, owners, tags, variations, versions } from '../../db/schema'
import type { CatalogPlan, PlannedModel, PlannedVariation, PlannedVersion } from './map'

export interface ApplyCounts {
  modelsWritten: number
  modelsUnlisted: number
  variationsWritten: number
  versionsWritten: number
  versionsUnlisted: number
}

export async function applyCatalogPlan(db: Db, plan: CatalogPlan): Promise<ApplyCounts> {
  const now = Date.now()
  const ownerIds = await syncOwners(db, plan)
  const tagIds = await syncTags(db, plan)

  // ---- models
  const existingModels = await db
    .select({ id: models.id, sourceHandle: models.sourceHandle, sourceHash: models.sourceHash, isListed: models.isListed })
    .from(models)
    .where(eq(models.provenance, 'tfhub'))
  const modelByHandle = new Map(existingModels.map((m) => [m.sourceHandle!, m]))
  const modelRows = []
  const changedHandles = new Set<string>()
  const modelHashes = new Map<string, string>()
  for (const model of plan.models) {
    const hash = await hashOf(modelFields(model))
    const existing = modelByHandle.get(model.sourceHandle)
    if (existing && existing.sourceHash === hash && existing.isListed) continue
    changedHandles.add(model.sourceHandle)
    modelHashes.set(model.sourceHandle, hash)
    modelRows.push({
      ownerId: ownerIds.get(model.ownerSlug)!,
      slug: model.slug,
      title: model.title,
      subtitle: model.subtitle,
      cardMd: model.cardMd,
      licenseId: model.licenseId,
      licenseSource: model.licenseSource,
      fineTunable: model.fineTunable,
      provenance: 'tfhub' as const,
      sourceHandle: model.sourceHandle,
      sourceUrl: model.sourceUrl,
      notebookCount: model.notebooks.length,
      isListed: true,
      updatedAt: new Date(now),
      publishedAt: new Date(now),
    })
  }
  const written = await bulkUpsert<typeof models, { id: number; sourceHandle: string }>(db, models, modelRows, {
    conflict: ['sourceHandle'],
    // a model keeps its first publish time across syncs
    update: modelRows.length ? Object.keys(modelRows[0]!).filter((k) => k !== 'publishedAt' && k !== 'sourceHandle') as never : [],
    returning: ['id', 'sourceHandle'],
  })
  const modelIds = new Map(existingModels.map((m) => [m.sourceHandle!, m.id]))
  for (const row of written) modelIds.set(row.sourceHandle, row.id)
  const changedModelIds = written.map((row) => row.id)

  const planned = new Set(plan.models.map((m) => m.sourceHandle))
  const unlisted = existingModels.filter((m) => m.isListed && !planned.has(m.sourceHandle!)).map((m) => m.id)
  // unlisting and leaving the search index go together, in one atomic batch
  await runInBatches(
    db,
    chunk(unlisted, 500).flatMap((ids) => [
      sql`update models set is_listed = 0, updated_at = ${now} where id in (select value from json_each(${JSON.stringify(ids)}))`,
      sql`delete from models_fts where rowid in (select value from json_each(${JSON.stringify(ids)}))`,
    ]),
  )

  // ---- tags of changed models
  const changedModels = plan.models.filter((m) => changedHandles.has(m.sourceHandle))
  await runInBatches(
    db,
    chunk(changedModelIds, 500).map((ids) => sql`delete from model_tags where model_id in (select value from json_each(${JSON.stringify(ids)}))`),
  )
  await bulkUpsert(
    db,
    modelTags,
    changedModels.flatMap((m) => m.tags.map((t) => ({ modelId: modelIds.get(m.sourceHandle)!, tagId: tagIds.get(`${t.type}/${t.slug}`)! }))),
    { conflict: ['modelId', 'tagId'], update: [] },
  )

  // ---- variations (of every planned model: a changed deployment changes no model fields)
  const existingVariations = await db
    .select({ id: variations.id, modelId: variations.modelId, framework: variations.framework, slug: variations.slug, sourceHash: variations.sourceHash, isListed: variations.isListed })
    .from(variations)
    .innerJoin(models, eq(models.id, variations.modelId))
    .where(eq(models.provenance, 'tfhub'))
  const variationKey = (modelId: number, framework: string, slug: string) => `${modelId}/${framework}/${slug}`
  const variationIds = new Map(existingVariations.map((v) => [variationKey(v.modelId, v.framework, v.slug), v.id]))
  const variationByKey = new Map(existingVariations.map((v) => [variationKey(v.modelId, v.framework, v.slug), v]))
  const variationRows = []
  const variationHashes: { key: string; hash: string }[] = []
  const plannedVariationKeys = new Set<string>()
  for (const model of plan.models) {
    const modelId = modelIds.get(model.sourceHandle)!
    for (const variation of model.variations) {
      const key = variationKey(modelId, variation.framework, variation.slug)
      plannedVariationKeys.add(key)
      const hash = await hashOf(variationFields(variation))
      const existing = variationByKey.get(key)
      if (existing && existing.sourceHash === hash && existing.isListed) continue
      variationHashes.push({ key, hash })
      variationRows.push({
        modelId,
        framework: variation.framework,
        slug: variation.slug,
        overview: variation.overview,
        usageMd: variation.usageMd,
        fineTunable: variation.fineTunable,
        isListed: true,
        updatedAt: new Date(now),
      })
    }
  }
  const writtenVariations = await bulkUpsert<typeof variations, { id: number; modelId: number; framework: string; slug: string }>(
    db,
    variations,
    variationRows,
    { conflict: ['modelId', 'framework', 'slug'], returning: ['id', 'modelId', 'framework', 'slug'] },
  )
  for (const v of writtenVariations) variationIds.set(variationKey(v.modelId, v.framework, v.slug), v.id)
  const staleVariations = existingVariations.filter(
    (v) => v.isListed && !plannedVariationKeys.has(variationKey(v.modelId, v.framework, v.slug)),
  )
  await runInBatches(
    db,
    chunk(staleVariations.map((v) => v.id), 500).map((ids) => sql`update variations set is_listed = 0, updated_at = ${now} where id in (select value from json_each(${JSON.stringify(ids)}))`),
  )
  // base variation links, once every variation has an id
  const baseLinks: { id: number; base: number }[] = []
  const writtenVariationIds = new Set(writtenVariations.map((v) => v.id))
  for (const model of plan.models) {
    const modelId = modelIds.get(model.sourceHandle)!
    for (const variation of model.variations) {
      const id = variationIds.get(variationKey(modelId, variation.framework, variation.slug))!
      if (!writtenVariationIds.has(id)) continue
      const base = variation.baseVariation && variationIds.get(variationKey(modelId, variation.baseVariation.framework, variation.baseVariation.slug))
      baseLinks.push({ id, base: base ?? 0 })
    }
  }
  await runInBatches(
    db,
    chunk(baseLinks, 500).map(
      (links) => sql`update variations set base_variation_id = nullif(link.value ->> '$.base', 0)
        from json_each(${JSON.stringify(links)}) as link where variations.id = link.value ->> '$.id'`,
    ),
  )
  await storeHashes(db, 'variations', variationHashes.map((v) => ({ id: variationIds.get(v.key)!, hash: v.hash })))

  // ---- versions: a number, once given to a source file, stays with it
  const existingVersions = await db
    .select({ id: versions.id, variationId: versions.variationId, number: versions.number, sourcePath: versions.sourcePath, sourceHash: versions.sourceHash, isListed: versions.isListed })
    .from(versions)
    .where(isNotNull(versions.sourcePath))
  const versionByPath = new Map(existingVersions.map((v) => [v.sourcePath!, v]))
  const maxNumber = new Map<number, number>()
  for (const v of existingVersions) maxNumber.set(v.variationId, Math.max(maxNumber.get(v.variationId) ?? 0, v.number))
  const versionRows = []
  const plannedPaths = new Set<string>()
  for (const model of plan.models) {
    const modelId = modelIds.get(model.sourceHandle)!
    for (const variation of model.variations) {
      const variationId = variationIds.get(variationKey(modelId, variation.framework, variation.slug))!
      for (const version of variation.versions) {
        plannedPaths.add(version.sourcePath)
        const hash = await hashOf(version)
        const existing = versionByPath.get(version.sourcePath)
        const sameVariation = existing?.variationId === variationId
        if (existing && sameVariation && existing.sourceHash === hash && existing.isListed) continue
        let number = existing?.number
        if (!existing || !sameVariation) {
          number = (maxNumber.get(variationId) ?? 0) + 1
          maxNumber.set(variationId, number)
        }
        versionRows.push(versionRow(version, variationId, number!, hash, now))
      }
    }
  }
  await bulkUpsert(db, versions, versionRows, {
    conflict: ['sourcePath'],
    update: versionRows.length ? Object.keys(versionRows[0]!).filter((k) => k !== 'sourcePath' && k !== 'publishedAt') as never : [],
  })
  const staleVersions = existingVersions.filter((v) => v.isListed && !plannedPaths.has(v.sourcePath!)).map((v) => v.id)
  await runInBatches(
    db,
    chunk(staleVersions, 500).map((ids) => sql`update versions set is_listed = 0 where id in (select value from json_each(${JSON.stringify(ids)}))`),
  )

  // ---- notebooks of changed models
  const notebookRows = changedModels.flatMap((model) => {
    const modelId = modelIds.get(model.sourceHandle)!
    return model.notebooks.map((n) => ({
      modelId,
      variationId: n.variation ? (variationIds.get(variationKey(modelId, n.variation.framework, n.variation.slug)) ?? null) : null,
      title: n.title,
      url: n.url,
      source: 'tfhub' as const,
    }))
  })
  if (changedModelIds.length) {
    const keep = JSON.stringify(notebookRows.map((n) => `${n.modelId} ${n.url}`))
    await runInBatches(
      db,
      chunk(changedModelIds, 500).map(
        (ids) => sql`delete from notebooks where source = 'tfhub' and model_id in (select value from json_each(${JSON.stringify(ids)}))
          and (model_id || ' ' || url) not in (select value from json_each(${keep}))`,
      ),
    )
  }
  await bulkUpsert(db, notebooks, notebookRows, { conflict: ['modelId', 'url'], update: ['variationId', 'title'] })

  await reindexModels(db, changedModelIds)
  await storeHashes(db, 'models', written.map((row) => ({ id: row.id, hash: modelHashes.get(row.sourceHandle)! })))

  return {
    modelsWritten: changedModelIds.length,
    modelsUnlisted: unlisted.length,
    variationsWritten: writtenVariations.length,
    versionsWritten: versionRows.length,
    versionsUnlisted: staleVersions.length,
  }
}

async function syncOwners(db: Db, plan: CatalogPlan) {
  const rows = plan.owners.map((o) => ({
    slug: o.slug,
    kind: 'organization' as const,
    displayName: o.displayName,
    avatarUrl: o.avatarUrl,
    aboutMd: o.aboutMd,
    source: 'tfhub' as const,
  }))
  const existing = await db
    .select({ id: owners.id, slug: owners.slug, displayName: owners.displayName, avatarUrl: owners.avatarUrl, aboutMd: owners.aboutMd, source: owners.source })
    .from(owners)
    .where(inArray(owners.slug, rows.length ? rows.map((r) => r.slug) : ['']))
  const bySlug = new Map(existing.map((o) => [o.slug, o]))
  const changed = rows.filter((r) => {
    const o = bySlug.get(r.slug)
    return !o || o.displayName !== r.displayName || o.avatarUrl !== r.avatarUrl || o.aboutMd !== r.aboutMd
  })
  // a publisher never takes over an owner that signed up locally under the same slug
  await bulkUpsert(db, owners, changed, {
    conflict: ['slug'],
    update: ['displayName', 'avatarUrl', 'aboutMd'],
  })
  const ids = await db
    .select({ id: owners.id, slug: owners.slug })
    .from(owners)
    .where(and(inArray(owners.slug, rows.length ? rows.map((r) => r.slug) : ['']), eq(owners.source, 'tfhub')))
  return new Map(ids.map((o) => [o.slug, o.id]))
}

async function syncTags(db: Db, plan: CatalogPlan) {
  const wanted = new Map<string, { type: string; slug: string; name: string }>()
  for (const model of plan.models) for (const t of model.tags) wanted.set(`${t.type}/${t.slug}`, t)
  const existing = await db.select().from(tags)
  const byKey = new Map(existing.map((t) => [`${t.type}/${t.slug}`, t]))
  const changed = [...wanted.values()].filter((t) => byKey.get(`${t.type}/${t.slug}`)?.name !== t.name)
  const written = await bulkUpsert<typeof tags, { id: number; type: string; slug: string }>(
    db,
    tags,
    changed.map((t) => ({ type: t.type as never, slug: t.slug, name: t.name })),
    { conflict: ['type', 'slug'], update: ['name'], returning: ['id', 'type', 'slug'] },
  )
  const ids = new Map(existing.map((t) => [`${t.type}/${t.slug}`, t.id]))
  for (const t of written) ids.set(`${t.type}/${t.slug}`, t.id)
  return ids
}

// a model's variation names are in its search row, so a new or removed variation changes it
function modelFields(model: PlannedModel) {
  const { variations, ...fields } = model
  return { ...fields, variations: variations.map((v) => `${v.framework}/${v.slug}`) }
}

async function storeHashes(db: Db, table: 'models' | 'variations', rows: { id: number; hash: string }[]) {
  await runInBatches(
    db,
    chunk(rows, 500).map(
      (part) => sql`update ${sql.identifier(table)} set source_hash = row.value ->> '$.hash'
        from json_each(${JSON.stringify(part)}) as row where ${sql.identifier(table)}.id = row.value ->> '$.id'`,
    ),
  )
}

function variationFields(variation: PlannedVariation) {
  const { versions: _versions, ...fields } = variation
  return fields
}

function versionRow(version: PlannedVersion, variationId: number, number: number, hash: string, now: number) {
  return {
    variationId,
    number,
    status: 'ready' as const,
    notes: version.notes,
    isListed: true,
    sourceKind: version.sourceKind,
    sourceHandle: version.sourceHandle,
    sourceVersion: version.sourceVersion,
    sourcePath: version.sourcePath,
    sourceUrl: version.sourceUrl,
    format: version.format,
    assetPath: version.assetPath,
    parentSourceHandle: version.parentSourceHandle,
    parentResolution: version.parentResolution,
    colabUrl: version.colabUrl,
    demoUrl: version.demoUrl,
    interactiveVisualizer: version.interactiveVisualizer,
    sourceHash: hash,
    publishedAt: new Date(now),
  }
}

const encoder = new TextEncoder()

async function hashOf(value: unknown) {
  const digest = await crypto.subtle.digest('SHA-1', encoder.encode(JSON.stringify(value)))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

function chunk<T>(items: T[], size: number) {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
