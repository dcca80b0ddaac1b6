// Publishing through Kaggle's RPC (kagglehub >= 0.4, kaggle CLI >= 1.8; docs/publishing.md):
// StartBlobUpload, CreateModel, CreateModelInstance, CreateModelInstanceVersion, and the CLI's
// Update/Delete of models, instances and versions. They answer business errors as 200
// `{error, errorCode}`, which kagglesdk reads.
import type { Context } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env'
import { createModel } from '../publish/create-model'
import { createInstance, createVersion } from '../publish/create-version'
import { removeModel, updateModel } from '../publish/edit-model'
import { ownerInBody, ownerOfBodyModel } from '../publish/owner-of'
import { removeInstance, removeVersion, updateInstance } from '../publish/edit-variation'
import { PublishRefused, publishAnswer } from '../publish/refusal'
import {
  createInstanceRequest,
  createModelRequest,
  createVersionRequest,
  startUploadRequest,
  updateInstanceRequest,
  updateModelRequest,
} from '../publish/requests'
import { startUpload } from '../publish/start-upload'
import { callerModel, callerVariation } from '../services/kaggle-answers'
import { rpcBody, type RpcMethod } from './method'

type Ctx = Context<AppEnv>

const slug = z.string().max(200).default('')
const modelKey = { ownerSlug: slug, modelSlug: slug }
const instanceBody = z.object({
  ...modelKey,
  body: createInstanceRequest.default(() => createInstanceRequest.parse({})),
})
const versionBody = z.object({
  ...modelKey,
  framework: slug,
  instanceSlug: slug,
  body: createVersionRequest.default(() => createVersionRequest.parse({})),
})

const createModelMethod = (c: Ctx) =>
  publishAnswer(c, async () => createModel(c, await rpcBody(c, createModelRequest)))

const createInstanceMethod = (c: Ctx) =>
  publishAnswer(c, async () => {
    const request = await rpcBody(c, instanceBody)
    const model = await callerModel(c, request.ownerSlug, request.modelSlug)
    return createInstance(c, model, request.body)
  })

const createVersionMethod = (c: Ctx) =>
  publishAnswer(c, async () => {
    const request = await rpcBody(c, versionBody)
    const found = await callerVariation(
      c,
      request.ownerSlug,
      request.modelSlug,
      request.framework,
      request.instanceSlug,
    )
    return createVersion(c, found, request.body)
  })

const modelOf = async (c: Ctx) => {
  const { ownerSlug, modelSlug } = await rpcBody(c, z.object(modelKey))
  return callerModel(c, ownerSlug, modelSlug)
}

const updateModelMethod = (c: Ctx) =>
  publishAnswer(c, async () =>
    updateModel(c, await modelOf(c), await rpcBody(c, updateModelRequest)),
  )

const deleteModelMethod = (c: Ctx) =>
  publishAnswer(c, async () => {
    await removeModel(c, await modelOf(c))
    return {}
  })

const instanceKey = z.object({ ...modelKey, framework: slug, instanceSlug: slug })

const instanceOf = async (c: Ctx) => {
  const key = await rpcBody(c, instanceKey)
  return callerVariation(c, key.ownerSlug, key.modelSlug, key.framework, key.instanceSlug)
}

const updateInstanceMethod = (c: Ctx) =>
  publishAnswer(c, async () =>
    updateInstance(c, await instanceOf(c), await rpcBody(c, updateInstanceRequest)),
  )

const deleteInstanceMethod = (c: Ctx) =>
  publishAnswer(c, async () => {
    await removeInstance(c, await instanceOf(c))
    return {}
  })

const versionNumber = z.object({
  versionNumber: z.union([
    z.number(),
    z
      .string()
      .regex(/^\d{1,9}$/)
      .transform(Number),
  ]),
})

const deleteVersionMethod = (c: Ctx) =>
  publishAnswer(c, async () => {
    const found = await instanceOf(c)
    const { versionNumber: number } = await rpcBody(c, versionNumber)
    if (!Number.isSafeInteger(number) || number < 1)
      throw new PublishRefused('versionNumber must be a positive integer', 400)
    await removeVersion(c, found, number)
    return {}
  })

const startBlobUpload = async (c: Ctx) =>
  c.json(await startUpload(c, await rpcBody(c, startUploadRequest)), 200)

const models = 'models.ModelApiService'
// a create call names up to 10,000 upload tokens and their folders
const createBodyBytes = 2 * 1024 * 1024

export const modelPublishMethods: Record<string, RpcMethod> = {
  [`${models}/CreateModel`]: {
    action: 'owner.write',
    resourceOf: ownerInBody,
    handler: createModelMethod,
  },
  [`${models}/CreateModelInstance`]: {
    action: 'owner.write',
    resourceOf: ownerOfBodyModel,
    handler: createInstanceMethod,
    maxBodyBytes: createBodyBytes,
  },
  [`${models}/CreateModelInstanceVersion`]: {
    action: 'owner.write',
    resourceOf: ownerOfBodyModel,
    handler: createVersionMethod,
    maxBodyBytes: createBodyBytes,
  },
  [`${models}/UpdateModel`]: {
    action: 'owner.write',
    resourceOf: ownerOfBodyModel,
    handler: updateModelMethod,
  },
  [`${models}/UpdateModelInstance`]: {
    action: 'owner.write',
    resourceOf: ownerOfBodyModel,
    handler: updateInstanceMethod,
  },
  [`${models}/DeleteModelInstance`]: {
    action: 'owner.write',
    resourceOf: ownerOfBodyModel,
    handler: deleteInstanceMethod,
  },
  [`${models}/DeleteModelInstanceVersion`]: {
    action: 'owner.write',
    resourceOf: ownerOfBodyModel,
    handler: deleteVersionMethod,
  },
  [`${models}/DeleteModel`]: {
    action: 'owner.write',
    resourceOf: ownerOfBodyModel,
    handler: deleteModelMethod,
  },
  'blobs.BlobApiService/StartBlobUpload': { action: 'upload.start', handler: startBlobUpload },
}
