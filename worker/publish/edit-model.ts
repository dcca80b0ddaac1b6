// UpdateModel / `…/update` and DeleteModel / `…/delete` of a community model (docs/publishing.md,
// "Editing and deleting"). TF Hub models belong to the sync and are refused.
import type { Context } from 'hono'
import type { z } from 'zod'
import { editModel } from '../../db/queries/my-models'
import { deleteModel } from '../../db/queries/publishing'
import type { AppEnv } from '../env'
import { requestOrigin } from '../services/kaggle-answers'
import type { resolveModel } from '../services/resolve'
import { reindexModels } from '../search'
import { PublishRefused, type PublishDone } from './refusal'
import type { updateModelRequest } from './requests'

type Model = Awaited<ReturnType<typeof resolveModel>>

function ownedHere(model: Model) {
  if (model.model.provenance !== 'community')
    throw new PublishRefused('a model imported from TF Hub is kept by the sync', 400)
}

/**
 * The fields the body sets. kagglesdk never sends `isPrivate: false` nor an update mask
 * (docs/publishing.md), so an absent `isPrivate` means public; an empty title keeps the title.
 */
export async function updateModel(
  c: Context<AppEnv>,
  model: Model,
  request: z.infer<typeof updateModelRequest>,
): Promise<PublishDone> {
  ownedHere(model)
  await editModel(c.var.db, model.id, {
    fields: {
      ...(request.title.trim() ? { title: request.title.trim() } : {}),
      ...(request.subtitle ? { subtitle: request.subtitle } : {}),
      ...(request.description ? { cardMd: request.description } : {}),
      isPrivate: request.isPrivate ?? false,
    },
  })
  await reindexModels(c.var.db, [model.id])
  const ref = `${model.owner.slug}/${model.model.slug}`
  return { id: model.id, ref, url: `${requestOrigin(c)}/models/${ref}` }
}

export async function removeModel(c: Context<AppEnv>, model: Model) {
  ownedHere(model)
  await deleteModel(c.var.db, model.id)
  await reindexModels(c.var.db, [model.id])
}
