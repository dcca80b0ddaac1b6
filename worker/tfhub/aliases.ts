// Old handles of the TF Hub catalog (docs/tfhub.md, "Old handles"): every path the one-model-per-
// handle mapping gave a file (`owner/model`, `…/framework/variation`, `…/number`) that now lives
// in a family is kept in `handle_aliases`, pointing at the family's rows, and answers a permanent
// redirect there. When a handle that had its own model row merges into a family, that row's votes,
// discussions and download count move to the family, and notebooks using its variations use the
// family's.
import { and, eq, isNotNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { bulkUpsert, chunk, runInBatches } from '../../db/queries/bulk'
import { handleAliases, models, owners, variations, versions } from '../../db/schema'
import type { PlannedModel } from './map'

interface AliasRow {
  oldPath: string
  modelId: number
  variationId: number | null
  versionId: number | null
}

/** Writes the aliases the plan implies that differ from the stored ones; returns how many. */
export async function syncAliases(
  db: Db,
  planned: PlannedModel[],
  modelIds: Map<string, number>,
  variationIds: Map<string, number>,
) {
  const stored = await db
    .select({ id: versions.id, sourcePath: versions.sourcePath, number: versions.number })
    .from(versions)
    .where(isNotNull(versions.sourcePath))
  const versionByPath = new Map(stored.map((v) => [v.sourcePath!, v]))
  const wanted = new Map<string, AliasRow>()
  const add = (row: AliasRow, newPath: string) => {
    const oldPath = row.oldPath.toLowerCase()
    if (oldPath === newPath.toLowerCase() || wanted.has(oldPath)) return
    wanted.set(oldPath, { ...row, oldPath })
  }
  for (const model of planned) {
    const modelPath = `${model.ownerSlug}/${model.slug}`
    const modelId = modelIds.get(modelPath)
    if (modelId === undefined) continue
    // Module files first: an old model follows its own TF files rather than a paired deployment
    const ordered = model.variations.flatMap((variation) =>
      variation.versions.map((version) => ({ variation, version })),
    )
    ordered.sort(
      (a, b) =>
        Number(b.version.sourceKind === 'Module') - Number(a.version.sourceKind === 'Module'),
    )
    for (const { variation, version } of ordered) {
      const variationPath = `${modelPath}/${variation.framework}/${variation.slug}`
      const variationId = variationIds.get(`${modelId}/${variation.framework}/${variation.slug}`)!
      const row = versionByPath.get(version.sourcePath)
      if (!row) continue
      const old = version.legacy
      const oldModel = `${old.owner}/${old.model}`
      const oldVariation = `${oldModel}/${old.framework}/${old.variation}`
      add(
        { oldPath: `${oldVariation}/${old.number}`, modelId, variationId, versionId: row.id },
        `${variationPath}/${row.number}`,
      )
      add({ oldPath: oldVariation, modelId, variationId, versionId: null }, variationPath)
      add({ oldPath: oldModel, modelId, variationId: null, versionId: null }, modelPath)
    }
  }

  const existing = await db.select().from(handleAliases)
  const byPath = new Map(existing.map((a) => [a.oldPath, a]))
  const changed = [...wanted.values()].filter((row) => {
    const current = byPath.get(row.oldPath)
    return (
      !current ||
      current.modelId !== row.modelId ||
      current.variationId !== row.variationId ||
      current.versionId !== row.versionId
    )
  })
  await bulkUpsert(db, handleAliases, changed, {
    conflict: ['oldPath'],
    update: ['modelId', 'variationId', 'versionId'],
  })
  await moveCommunity(
    db,
    changed.filter((row) => row.variationId === null),
  )
  await moveNotebookInputs(
    db,
    changed.filter((row) => row.variationId !== null && row.versionId === null),
  )
  return changed.length
}

/**
 * A merged handle's own model row (unlisted by the sync) hands its votes, discussions and
 * download count to its family; the vote triggers keep both counts, the rest is recounted.
 */
async function moveCommunity(db: Db, modelAliases: AliasRow[]) {
  if (!modelAliases.length) return
  const rows = await db
    .select({ id: models.id, ownerSlug: owners.slug, slug: models.slug, isListed: models.isListed })
    .from(models)
    .innerJoin(owners, eq(owners.id, models.ownerId))
    .where(eq(models.provenance, 'tfhub'))
  const byPath = new Map(rows.map((m) => [`${m.ownerSlug}/${m.slug}`, m]))
  const moves = modelAliases
    .map((alias) => ({ from: byPath.get(alias.oldPath), to: alias.modelId }))
    .filter((m) => m.from && !m.from.isListed && m.from.id !== m.to)
    .map((m) => ({ from: m.from!.id, to: m.to }))
  for (const part of chunk(moves, 200)) {
    const json = JSON.stringify(part)
    await runInBatches(db, [
      sql`insert or ignore into votes (user_id, model_id, created_at)
        select v.user_id, m.value ->> '$.to', v.created_at from votes v
        join json_each(${json}) m on v.model_id = m.value ->> '$.from'`,
      sql`delete from votes where model_id in (select value ->> '$.from' from json_each(${json}))`,
      sql`update discussion_topics set model_id = m.value ->> '$.to'
        from json_each(${json}) m where discussion_topics.model_id = m.value ->> '$.from'`,
      sql`update models set download_count = download_count + coalesce((select sum(o.download_count)
        from models o join json_each(${json}) m on o.id = m.value ->> '$.from'
        where m.value ->> '$.to' = models.id), 0)
        where id in (select value ->> '$.to' from json_each(${json}))`,
      sql`update models set download_count = 0
        where id in (select value ->> '$.from' from json_each(${json}))`,
      sql`update models set discussion_count = (select count(*) from discussion_topics t
        where t.model_id = models.id and t.deleted_at is null and t.is_hidden = 0)
        where id in (select value ->> '$.from' from json_each(${json}))
          or id in (select value ->> '$.to' from json_each(${json}))`,
    ])
  }
}

/**
 * Hosted notebooks that use a merged handle's own variation now use its family's variation: a
 * pinned version keeps the files it named (its number through the version's alias), "latest"
 * stays latest. The input triggers recount both models' notebooks.
 */
async function moveNotebookInputs(db: Db, variationAliases: AliasRow[]) {
  if (!variationAliases.length) return
  const rows = await db
    .select({
      id: variations.id,
      path: sql<string>`lower(${owners.slug} || '/' || ${models.slug} || '/' || ${variations.framework} || '/' || ${variations.slug})`,
    })
    .from(variations)
    .innerJoin(models, eq(models.id, variations.modelId))
    .innerJoin(owners, eq(owners.id, models.ownerId))
    .where(and(eq(models.provenance, 'tfhub'), eq(models.isListed, false)))
  const byPath = new Map(rows.map((v) => [v.path, v.id]))
  const moves = variationAliases
    .map((alias) => ({
      from: byPath.get(alias.oldPath),
      to: alias.variationId!,
      model: alias.modelId,
      path: alias.oldPath,
    }))
    .filter((m) => m.from !== undefined && m.from !== m.to)
  for (const part of chunk(moves, 200)) {
    const json = JSON.stringify(part)
    await runInBatches(db, [
      sql`insert or ignore into notebook_inputs
          (notebook_id, variation_id, model_id, version_number, created_at)
        select i.notebook_id, m.value ->> '$.to', m.value ->> '$.model',
          case when i.version_number is null then null else coalesce(
            (select v.number from handle_aliases a join versions v on v.id = a.version_id
              where a.old_path = (m.value ->> '$.path') || '/' || i.version_number),
            i.version_number) end,
          i.created_at
        from notebook_inputs i join json_each(${json}) m on i.variation_id = m.value ->> '$.from'`,
      sql`delete from notebook_inputs
        where variation_id in (select value ->> '$.from' from json_each(${json}))`,
    ])
  }
}
