// Brings the catalog tables in line with a CatalogPlan. Rows carry a hash of their imported
// fields, so unchanged rows are not written at all and a repeated import writes nothing.
//
// A model's or variation's hash is stored last, after everything derived from it (tags,
// variations, links, notebooks, the search index) is written: a run that dies halfway leaves
// the old hash, so the next run sees the row as changed and finishes its dependants.
import type { ApiSyncSummary } from '../api-types'
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { bulkUpsert, chunk, runInBatches } from '../../db/queries/bulk'
import { modelTags, models, notebooks, owners, tags, variations, versions } from '../../db/schema'
import { reindexModels } from '../search'
import { syncAliases } from './aliases'
import type { CatalogPlan, PlannedModel, PlannedVariation, PlannedVersion } from './map'

export type ApplyCounts = NonNullable<ApiSyncSummary['applied']>

const modelKey = (model: PlannedModel) => `${model.ownerSlug}/${model.slug}`

const variationKey = (modelId: number, framework: string, slug: string) =>
  `${modelId}/${framework}/${slug}`

export async function applyCatalogPlan(db: Db, plan: CatalogPlan): Promise<ApplyCounts> {
  const now = Date.now()
  const ownerIds = await syncOwners(db, plan)
  const problems = plan.models
    .filter((m) => !ownerIds.has(m.ownerSlug))
    .map((m) => ({
      path: m.sourceHandle,
      message: `owner ${m.ownerSlug} is a local account; the publisher's models are not imported`,
    }))
  const planned = plan.models.filter((m) => ownerIds.has(m.ownerSlug))
  const tagIds = await syncTags(db, planned)

  const modelState = await syncModels(db, planned, ownerIds, now)
  const changed = planned.filter((m) => modelState.changed.has(modelKey(m)))
  await syncModelTags(db, changed, modelState.ids, tagIds)
  const variationState = await syncVariations(db, planned, modelState.ids, now)
  const versionCounts = await syncVersions(db, planned, modelState.ids, variationState.ids, now)
  await syncNotebooks(db, changed, modelState.ids, variationState.ids)
  await syncAliases(db, planned, modelState.ids, variationState.ids)

  const changedIds = changed.map((m) => modelState.ids.get(modelKey(m))!)
  await reindexModels(db, changedIds)
  await storeHashes(
    db,
    'models',
    changed.map((m) => ({
      id: modelState.ids.get(modelKey(m))!,
      hash: modelState.changed.get(modelKey(m))!,
    })),
  )

  return {
    modelsWritten: changed.length,
    modelsUnlisted: modelState.unlisted,
    variationsWritten: variationState.written,
    versionsWritten: versionCounts.written,
    versionsUnlisted: versionCounts.unlisted,
    problems,
  }
}

/** Writes new and changed models (without their hash, stored last) and unlists unplanned ones. */
async function syncModels(
  db: Db,
  planned: PlannedModel[],
  ownerIds: Map<string, number>,
  now: number,
) {
  const existing = await db
    .select({
      id: models.id,
      ownerSlug: owners.slug,
      slug: models.slug,
      sourceHash: models.sourceHash,
      isListed: models.isListed,
    })
    .from(models)
    .innerJoin(owners, eq(owners.id, models.ownerId))
    .where(eq(models.provenance, 'tfhub'))
  const byKey = new Map(existing.map((m) => [`${m.ownerSlug}/${m.slug}`, m]))
  const changed = new Map<string, string>()
  const rows = []
  for (const model of planned) {
    const hash = await hashOf(modelFields(model))
    const current = byKey.get(modelKey(model))
    if (current && current.sourceHash === hash && current.isListed) continue
    changed.set(modelKey(model), hash)
    rows.push({
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
      isListed: true,
      updatedAt: new Date(now),
      publishedAt: new Date(now),
    })
  }
  // a family is keyed by owner and slug (docs/tfhub.md, "Families")
  const written = await bulkUpsert<typeof models, { id: number; ownerId: number; slug: string }>(
    db,
    models,
    rows,
    {
      conflict: ['ownerId', 'slug'],
      // a model keeps its first publish time across syncs
      update: rows.length
        ? (Object.keys(rows[0]!).filter(
            (k) => k !== 'publishedAt' && k !== 'ownerId' && k !== 'slug',
          ) as never)
        : [],
      returning: ['id', 'ownerId', 'slug'],
    },
  )
  const ids = new Map(existing.map((m) => [`${m.ownerSlug}/${m.slug}`, m.id]))
  const ownerSlugs = new Map([...ownerIds].map(([slug, id]) => [id, slug]))
  for (const row of written) ids.set(`${ownerSlugs.get(row.ownerId)}/${row.slug}`, row.id)

  const plannedKeys = new Set(planned.map(modelKey))
  const unlisted = existing
    .filter((m) => m.isListed && !plannedKeys.has(`${m.ownerSlug}/${m.slug}`))
    .map((m) => m.id)
  await runInBatches(
    db,
    chunk(unlisted, 500).map(
      (part) =>
        sql`update models set is_listed = 0, updated_at = ${now} where id in (select value from json_each(${JSON.stringify(part)}))`,
    ),
  )
  return { ids, changed, unlisted: unlisted.length }
}

async function syncModelTags(
  db: Db,
  changed: PlannedModel[],
  modelIds: Map<string, number>,
  tagIds: Map<string, number>,
) {
  const ids = changed.map((m) => modelIds.get(modelKey(m))!)
  await runInBatches(
    db,
    chunk(ids, 500).map(
      (part) =>
        sql`delete from model_tags where model_id in (select value from json_each(${JSON.stringify(part)}))`,
    ),
  )
  await bulkUpsert(
    db,
    modelTags,
    changed.flatMap((m) =>
      m.tags.map((t) => ({
        modelId: modelIds.get(modelKey(m))!,
        tagId: tagIds.get(`${t.type}/${t.slug}`)!,
      })),
    ),
    { conflict: ['modelId', 'tagId'], update: [] },
  )
}

/**
 * Writes new and changed variations of every planned model (a changed deployment file changes
 * no model field), links each to its base variation, and unlists variations no longer planned.
 */
async function syncVariations(
  db: Db,
  planned: PlannedModel[],
  modelIds: Map<string, number>,
  now: number,
) {
  const existing = await db
    .select({
      id: variations.id,
      modelId: variations.modelId,
      framework: variations.framework,
      slug: variations.slug,
      sourceHash: variations.sourceHash,
      isListed: variations.isListed,
    })
    .from(variations)
    .innerJoin(models, eq(models.id, variations.modelId))
    .where(eq(models.provenance, 'tfhub'))
  const ids = new Map(existing.map((v) => [variationKey(v.modelId, v.framework, v.slug), v.id]))
  const byKey = new Map(existing.map((v) => [variationKey(v.modelId, v.framework, v.slug), v]))
  const rows = []
  const hashes = new Map<string, string>()
  for (const model of planned) {
    const modelId = modelIds.get(modelKey(model))!
    for (const variation of model.variations) {
      const key = variationKey(modelId, variation.framework, variation.slug)
      const hash = await hashOf(variationFields(variation))
      const current = byKey.get(key)
      if (current && current.sourceHash === hash && current.isListed) continue
      hashes.set(key, hash)
      rows.push({
        modelId,
        framework: variation.framework,
        slug: variation.slug,
        overview: variation.overview,
        usageMd: variation.usageMd,
        tagsJson: JSON.stringify(variation.tags),
        fineTunable: variation.fineTunable,
        isListed: true,
        updatedAt: new Date(now),
      })
    }
  }
  const written = await bulkUpsert<
    typeof variations,
    { id: number; modelId: number; framework: string; slug: string }
  >(db, variations, rows, {
    conflict: ['modelId', 'framework', 'slug'],
    returning: ['id', 'modelId', 'framework', 'slug'],
  })
  for (const v of written) ids.set(variationKey(v.modelId, v.framework, v.slug), v.id)

  const plannedKeys = new Set(
    planned.flatMap((m) =>
      m.variations.map((v) => variationKey(modelIds.get(modelKey(m))!, v.framework, v.slug)),
    ),
  )
  const stale = existing.filter(
    (v) => v.isListed && !plannedKeys.has(variationKey(v.modelId, v.framework, v.slug)),
  )
  await runInBatches(
    db,
    chunk(
      stale.map((v) => v.id),
      500,
    ).map(
      (part) =>
        sql`update variations set is_listed = 0, updated_at = ${now} where id in (select value from json_each(${JSON.stringify(part)}))`,
    ),
  )

  // base variation links, once every variation has an id
  const links: { id: number; base: number }[] = []
  for (const model of planned) {
    const modelId = modelIds.get(modelKey(model))!
    for (const variation of model.variations) {
      const key = variationKey(modelId, variation.framework, variation.slug)
      if (!hashes.has(key)) continue
      const base =
        variation.baseVariation &&
        ids.get(
          variationKey(modelId, variation.baseVariation.framework, variation.baseVariation.slug),
        )
      links.push({ id: ids.get(key)!, base: base ?? 0 })
    }
  }
  await runInBatches(
    db,
    chunk(links, 500).map(
      (part) => sql`update variations set base_variation_id = nullif(link.value ->> '$.base', 0)
        from json_each(${JSON.stringify(part)}) as link where variations.id = link.value ->> '$.id'`,
    ),
  )
  await storeHashes(
    db,
    'variations',
    [...hashes].map(([key, hash]) => ({ id: ids.get(key)!, hash })),
  )
  return { ids, written: written.length }
}

/** Writes new and changed versions; a number, once given to a source file, stays with it. */
async function syncVersions(
  db: Db,
  planned: PlannedModel[],
  modelIds: Map<string, number>,
  variationIds: Map<string, number>,
  now: number,
) {
  const existing = await db
    .select({
      id: versions.id,
      variationId: versions.variationId,
      number: versions.number,
      sourcePath: versions.sourcePath,
      sourceHash: versions.sourceHash,
      isListed: versions.isListed,
    })
    .from(versions)
    .where(isNotNull(versions.sourcePath))
  const byPath = new Map(existing.map((v) => [v.sourcePath!, v]))
  const maxNumber = new Map<number, number>()
  for (const v of existing)
    maxNumber.set(v.variationId, Math.max(maxNumber.get(v.variationId) ?? 0, v.number))
  const rows = []
  const plannedPaths = new Set<string>()
  for (const model of planned) {
    const modelId = modelIds.get(modelKey(model))!
    for (const variation of model.variations) {
      const variationId = variationIds.get(
        variationKey(modelId, variation.framework, variation.slug),
      )!
      for (const version of variation.versions) {
        plannedPaths.add(version.sourcePath)
        const hash = await hashOf(version)
        const current = byPath.get(version.sourcePath)
        const sameVariation = current?.variationId === variationId
        if (current && sameVariation && current.sourceHash === hash && current.isListed) continue
        let number = current?.number
        if (!current || !sameVariation) {
          // the next number of the variation, even when the file sorts earlier
          number = (maxNumber.get(variationId) ?? 0) + 1
          maxNumber.set(variationId, number)
        }
        rows.push(versionRow(version, variationId, number!, hash, now))
      }
    }
  }
  await bulkUpsert(db, versions, rows, {
    conflict: ['sourcePath'],
    update: rows.length
      ? (Object.keys(rows[0]!).filter((k) => k !== 'sourcePath' && k !== 'publishedAt') as never)
      : [],
  })
  const stale = existing
    .filter((v) => v.isListed && !plannedPaths.has(v.sourcePath!))
    .map((v) => v.id)
  await runInBatches(
    db,
    chunk(stale, 500).map(
      (part) =>
        sql`update versions set is_listed = 0 where id in (select value from json_each(${JSON.stringify(part)}))`,
    ),
  )
  return { written: rows.length, unlisted: stale.length }
}

/** The TF Hub notebooks (colab links) of changed models; users' own links are left alone. */
async function syncNotebooks(
  db: Db,
  changed: PlannedModel[],
  modelIds: Map<string, number>,
  variationIds: Map<string, number>,
) {
  const rows = changed.flatMap((model) => {
    const modelId = modelIds.get(modelKey(model))!
    return model.notebooks.map((n) => ({
      modelId,
      variationId: n.variation
        ? (variationIds.get(variationKey(modelId, n.variation.framework, n.variation.slug)) ?? null)
        : null,
      title: n.title,
      url: n.url,
      source: 'tfhub' as const,
    }))
  })
  const ids = changed.map((m) => modelIds.get(modelKey(m))!)
  const keep = JSON.stringify(rows.map((n) => `${n.modelId} ${n.url}`))
  await runInBatches(
    db,
    chunk(ids, 500).map(
      (
        part,
      ) => sql`delete from notebooks where source = 'tfhub' and model_id in (select value from json_each(${JSON.stringify(part)}))
        and (model_id || ' ' || url) not in (select value from json_each(${keep}))`,
    ),
  )
  await bulkUpsert(db, notebooks, rows, {
    conflict: ['modelId', 'url'],
    update: ['variationId', 'title'],
  })
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
    .select({
      id: owners.id,
      slug: owners.slug,
      displayName: owners.displayName,
      avatarUrl: owners.avatarUrl,
      aboutMd: owners.aboutMd,
      source: owners.source,
    })
    .from(owners)
    .where(inArray(owners.slug, rows.length ? rows.map((r) => r.slug) : ['']))
  const bySlug = new Map(existing.map((o) => [o.slug, o]))
  // a publisher never takes over an owner that signed up locally under the same slug
  const changed = rows.filter((r) => {
    const o = bySlug.get(r.slug)
    if (o?.source === 'local') return false
    return (
      !o ||
      o.displayName !== r.displayName ||
      o.avatarUrl !== r.avatarUrl ||
      o.aboutMd !== r.aboutMd
    )
  })
  await bulkUpsert(db, owners, changed, {
    conflict: ['slug'],
    update: ['displayName', 'avatarUrl', 'aboutMd'],
  })
  const ids = await db
    .select({ id: owners.id, slug: owners.slug })
    .from(owners)
    .where(
      and(
        inArray(owners.slug, rows.length ? rows.map((r) => r.slug) : ['']),
        eq(owners.source, 'tfhub'),
      ),
    )
  return new Map(ids.map((o) => [o.slug, o.id]))
}

async function syncTags(db: Db, planned: PlannedModel[]) {
  const wanted = new Map<string, { type: string; slug: string; name: string }>()
  for (const model of planned) for (const t of model.tags) wanted.set(`${t.type}/${t.slug}`, t)
  const existing = await db.select().from(tags)
  const byKey = new Map(existing.map((t) => [`${t.type}/${t.slug}`, t]))
  const changed = [...wanted.values()].filter(
    (t) => byKey.get(`${t.type}/${t.slug}`)?.name !== t.name,
  )
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

async function storeHashes(
  db: Db,
  table: 'models' | 'variations',
  rows: { id: number; hash: string }[],
) {
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

function versionRow(
  version: PlannedVersion,
  variationId: number,
  number: number,
  hash: string,
  now: number,
) {
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
