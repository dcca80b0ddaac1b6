// Turns the parts of a handle (owner/model/framework/variation/version) into rows, or the
// errors Kaggle's clients expect: 404 for anything unknown, 400 for a malformed version.
import { getModelByHandle, getVariation, getVersionByHandle } from '../../db/queries/models'
import type { Db } from '../../db/client'
import type { ModelRow } from '../../db/queries/models'
import type { variations } from '../../db/schema'
import { ApiError } from '../errors'
import { parseFramework } from '../vocabulary'
import { ensureVersionFiles } from '../pull/request'

/**
 * Whether the caller may see a private model of this owner. Without it only public models
 * resolve; with it a private model the caller may not see is as missing as an unknown one.
 */
export type SeesPrivate = (ownerId: number) => Promise<boolean>

export async function resolveModel(
  db: Db,
  owner: string,
  model: string,
  seesPrivate?: SeesPrivate,
) {
  const row = await getModelByHandle(db, owner, model, { includePrivate: !!seesPrivate })
  if (!row || (row.model.isPrivate && !(await seesPrivate?.(row.model.ownerId))))
    throw new ApiError('NOT_FOUND', `Model ${owner}/${model} not found`)
  return row
}

export async function resolveVariation(
  db: Db,
  owner: string,
  model: string,
  framework: string,
  variation: string,
  seesPrivate?: SeesPrivate,
) {
  const modelRow = await resolveModel(db, owner, model, seesPrivate)
  const frameworkSlug = parseFramework(framework)
  if (!frameworkSlug) throw new ApiError('NOT_FOUND', `Unknown framework ${framework}`)
  const variationRow = await getVariation(db, modelRow.id, frameworkSlug, variation)
  if (!variationRow) {
    throw new ApiError(
      'NOT_FOUND',
      `Variation ${owner}/${model}/${frameworkSlug}/${variation} not found`,
    )
  }
  return { model: modelRow, variation: variationRow }
}

function parseVersionNumber(value: string) {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw new ApiError(
      'BAD_REQUEST',
      `version must be a positive integer, got ${JSON.stringify(value)}`,
      [{ path: 'version', message: 'must be a positive integer' }],
    )
  }
  return Number(value)
}

/**
 * The version a handle names, with its model and variation, in one D1 round trip (downloads
 * wait on it); the same answers and errors as resolving each level in turn.
 */
export async function resolveVersion(
  db: Db,
  params: { owner: string; model: string; framework: string; variation: string; version: string },
  seesPrivate?: SeesPrivate,
) {
  const number = parseVersionNumber(params.version)
  const framework = parseFramework(params.framework)
  const row = await getVersionByHandle(
    db,
    { owner: params.owner, model: params.model, framework, variation: params.variation, number },
    { includePrivate: !!seesPrivate },
  )
  if (!row || (row.model.model.isPrivate && !(await seesPrivate?.(row.model.model.ownerId))))
    throw new ApiError('NOT_FOUND', `Model ${params.owner}/${params.model} not found`)
  if (!framework) throw new ApiError('NOT_FOUND', `Unknown framework ${params.framework}`)
  const { model, variation, version } = row
  if (!variation) {
    throw new ApiError(
      'NOT_FOUND',
      `Variation ${params.owner}/${params.model}/${framework}/${params.variation} not found`,
    )
  }
  if (!version || version.status !== 'ready') {
    const handle = `${params.owner}/${params.model}/${variation.framework}/${params.variation}`
    throw new ApiError('NOT_FOUND', `Version ${number} of ${handle} not found`)
  }
  return { model, variation, version }
}

/** What every resolved handle carries: its model and variation (resolveVariation's has more). */
export interface ResolvedHandle {
  model: ModelRow
  variation: typeof variations.$inferSelect
}

/** 'owner/model/framework/variation' with the canonical framework slug, for URLs. */
export function handlePath(found: ResolvedHandle) {
  return [
    found.model.owner.slug,
    found.model.model.slug,
    found.variation.framework,
    found.variation.slug,
  ].join('/')
}

/**
 * resolveVersion, then, for a TF Hub version whose files are not in R2 yet, queue their fetch
 * (pull-through): this answers 202 until they are, after holding the request up to `waitMs` for
 * them (pullWaitMs). Everything that lists or serves a version's files goes through this.
 */
export async function resolveVersionWithFiles(
  db: Db,
  env: Pick<Env, 'PULL_QUEUE' | 'TFHUB_ASSET_ORIGIN'>,
  params: { owner: string; model: string; framework: string; variation: string; version: string },
  options: { seesPrivate?: SeesPrivate; waitMs?: number } = {},
) {
  const found = await resolveVersion(db, params, options.seesPrivate)
  const version = await ensureVersionFiles(
    db,
    env,
    found.version,
    found.model.model.licenseId,
    options.waitMs,
  )
  return { ...found, version }
}
