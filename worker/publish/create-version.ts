// CreateModelInstance / `…/create/instance` (a variation with its version 1) and
// CreateModelInstanceVersion / `…/create/version` (the next version of a variation), from
// uploaded files. Everything is checked before anything is written.
import type { Context } from 'hono'
import {
  findLicense,
  findVariation,
  insertVariation,
  nextVersionNumber,
  setModelLicense,
} from '../../db/queries/publishing'
import type { AppEnv } from '../env'
import { requestOrigin } from '../services/kaggle-answers'
import { baseVariationOf } from './base-variation'
import type { resolveModel, resolveVariation } from '../services/resolve'
import { parseFramework } from '../vocabulary'
import { publishUploads } from './publish-uploads'
import { PublishRefused, type PublishDone } from './refusal'
import type { CreateInstanceRequest, CreateVersionRequest } from './requests'
import { checkSlug } from './slug'
import { uploadedFiles } from './uploaded-files'

type Model = Awaited<ReturnType<typeof resolveModel>>
type Variation = Awaited<ReturnType<typeof resolveVariation>>

/** Uploads belong to users: the operator token may create models, not upload their files. */
function publisherId(c: Context<AppEnv>) {
  const actor = c.var.actor
  if (actor.kind !== 'user')
    throw new PublishRefused("files are uploaded by a user; send that user's credentials", 400)
  return actor.user.id
}

const done = (c: Context<AppEnv>, id: number, ref: string): PublishDone => ({
  id,
  ref,
  url: `${requestOrigin(c)}/models/${ref}`,
})

export async function createInstance(
  c: Context<AppEnv>,
  model: Model,
  request: CreateInstanceRequest,
): Promise<PublishDone> {
  const userId = publisherId(c)
  const framework = parseFramework(request.framework)
  if (!framework)
    throw new PublishRefused(`unknown framework ${JSON.stringify(request.framework)}`, 400)
  const slug = checkSlug(request.instanceSlug, 'instanceSlug')
  const ref = `${model.owner.slug}/${model.model.slug}/${framework}/${slug}`
  if (await findVariation(c.var.db, model.id, framework, slug))
    throw new PublishRefused(`Instance ${ref} already exists`, 409)
  const licenseId = request.licenseName
    ? await findLicense(c.var.db, request.licenseName)
    : undefined
  if (request.licenseName && !licenseId)
    throw new PublishRefused(`unknown licence ${JSON.stringify(request.licenseName)}`, 400)
  const baseVariationId = await baseVariationOf(c, request.baseModelInstance)
  const uploaded = await uploadedFiles(c, userId, request)
  const variationId = await insertVariation(c.var.db, {
    modelId: model.id,
    framework,
    slug,
    overview: request.overview,
    usageMd: request.usage,
    fineTunable: request.fineTunable ?? null,
    baseVariationId,
  })
  if (variationId === undefined) throw new PublishRefused(`Instance ${ref} already exists`, 409)
  if (licenseId) await setModelLicense(c.var.db, model.id, licenseId)
  await publishUploads(c, userId, { variationId, number: 1, notes: '', uploaded })
  return done(c, variationId, ref)
}

export async function createVersion(
  c: Context<AppEnv>,
  found: Variation,
  request: CreateVersionRequest,
): Promise<PublishDone> {
  const userId = publisherId(c)
  const uploaded = await uploadedFiles(c, userId, request)
  const variationId = found.variation.id
  const number = await nextVersionNumber(c.var.db, variationId)
  const id = await publishUploads(c, userId, {
    variationId,
    number,
    notes: request.versionNotes,
    uploaded,
  })
  const { owner, model } = found.model
  return done(
    c,
    id,
    `${owner.slug}/${model.slug}/${found.variation.framework}/${found.variation.slug}/${number}`,
  )
}
