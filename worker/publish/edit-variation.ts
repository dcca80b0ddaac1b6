// UpdateModelInstance / `…/{framework}/{instance}/update`, DeleteModelInstance / `…/delete` and
// DeleteModelInstanceVersion / `…/{version}/delete` (docs/publishing.md, "Editing and deleting").
// A published version's files never change; deleting takes a variation or version out of every
// listing and lookup, so its links answer 404, never 500. TF Hub models belong to the sync.
import type { Context } from 'hono'
import {
  deleteVariation,
  findLicense,
  listedVersionNumbers,
  setModelLicense,
  unlistVersion,
  updateVariationFields,
} from '../../db/queries/publishing'
import type { AppEnv } from '../env'
import { reindexModels } from '../search'
import { requestOrigin } from '../services/kaggle-answers'
import type { resolveVariation } from '../services/resolve'
import { baseVariationOf } from './base-variation'
import { PublishRefused, type PublishDone } from './refusal'
import type { UpdateInstanceRequest } from './requests'

type Variation = Awaited<ReturnType<typeof resolveVariation>>

function ownedHere(found: Variation) {
  if (found.model.model.provenance !== 'community')
    throw new PublishRefused('a model imported from TF Hub is kept by the sync', 400)
}

const refOf = (found: Variation) =>
  `${found.model.owner.slug}/${found.model.model.slug}/${found.variation.framework}/${found.variation.slug}`

export async function updateInstance(
  c: Context<AppEnv>,
  found: Variation,
  request: UpdateInstanceRequest,
): Promise<PublishDone> {
  ownedHere(found)
  const licenseId = request.licenseName
    ? await findLicense(c.var.db, request.licenseName)
    : undefined
  if (request.licenseName && !licenseId)
    throw new PublishRefused(`unknown licence ${JSON.stringify(request.licenseName)}`, 400)
  // an empty base (the CLI sends one) leaves the base as it is
  const baseVariationId = request.baseModelInstance
    ? await baseVariationOf(c, request.baseModelInstance)
    : undefined
  if (baseVariationId === found.variation.id)
    throw new PublishRefused('a variation cannot derive from itself', 400)
  await updateVariationFields(c.var.db, found.variation.id, {
    ...(request.overview !== undefined ? { overview: request.overview } : {}),
    ...(request.usage !== undefined ? { usageMd: request.usage } : {}),
    ...(request.fineTunable !== undefined ? { fineTunable: request.fineTunable } : {}),
    ...(baseVariationId ? { baseVariationId } : {}),
  })
  if (licenseId) await setModelLicense(c.var.db, found.model.id, licenseId)
  await reindexModels(c.var.db, [found.model.id])
  const ref = refOf(found)
  return { id: found.variation.id, ref, url: `${requestOrigin(c)}/models/${ref}` }
}

export async function removeInstance(c: Context<AppEnv>, found: Variation) {
  ownedHere(found)
  await deleteVariation(c.var.db, found.variation.id)
  await reindexModels(c.var.db, [found.model.id])
}

/** Kaggle's rule: a variation keeps at least one version; delete the variation instead. */
export async function removeVersion(c: Context<AppEnv>, found: Variation, number: number) {
  ownedHere(found)
  const listed = await listedVersionNumbers(c.var.db, found.variation.id)
  const version = listed.find((v) => v.number === number)
  if (!version) throw new PublishRefused(`Version ${refOf(found)}/${number} not found`, 404)
  if (listed.length === 1)
    throw new PublishRefused(
      `version ${number} is the only version of ${refOf(found)}: delete the variation instead`,
      400,
    )
  await unlistVersion(c.var.db, version.id)
  await reindexModels(c.var.db, [found.model.id])
}
