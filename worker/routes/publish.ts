// Publishing on Kaggle's legacy REST paths (kagglehub 0.3.13, the CLI 1.7; docs/publishing.md):
// start an upload, the upload target, and the create calls, which answer business errors as
// 200 `{error, errorCode}`.
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { authorize } from '../accounts/permissions'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { createModel } from '../publish/create-model'
import { createInstance, createVersion } from '../publish/create-version'
import { removeModel, updateModel } from '../publish/edit-model'
import { legacyBody } from '../publish/legacy-body'
import { ownerInBody, ownerOfPathModel } from '../publish/owner-of'
import { receiveUpload } from '../publish/receive-upload'
import { PublishRefused, publishAnswer } from '../publish/refusal'
import { removeInstance, removeVersion, updateInstance } from '../publish/edit-variation'
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

// a create call names up to 10,000 upload tokens and their folders
const maxCreateBodyBytes = 2 * 1024 * 1024
const limitCreateBody = bodyLimit({
  maxSize: maxCreateBodyBytes,
  onError: () => {
    throw new ApiError('PAYLOAD_TOO_LARGE', `the request body exceeds ${maxCreateBodyBytes} bytes`)
  },
})

const pathModel = (c: Context<AppEnv>) =>
  callerModel(c, c.req.param('owner') ?? '', c.req.param('model') ?? '')

const pathVariation = (c: Context<AppEnv>) => {
  const { owner, model, framework, variation } = c.req.param()
  return callerVariation(c, owner ?? '', model ?? '', framework ?? '', variation ?? '')
}

function versionNumberOf(value: string | undefined) {
  if (!value || !/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new PublishRefused(
      `version must be a positive integer, got ${JSON.stringify(value)}`,
      400,
    )
  return Number(value)
}

const publish = new Hono<AppEnv>()
  .post('/blobs/upload', limitCreateBody, authorize('upload.start'), async (c) =>
    c.json(await startUpload(c, await legacyBody(c, startUploadRequest)), 200),
  )
  .put('/uploads/:token', authorize('upload.put'), (c) => receiveUpload(c, c.req.param('token')))
  .post('/models/create/new', limitCreateBody, authorize('owner.write', ownerInBody), (c) =>
    publishAnswer(c, async () => createModel(c, await legacyBody(c, createModelRequest))),
  )
  .post(
    '/models/:owner/:model/create/instance',
    limitCreateBody,
    authorize('owner.write', ownerOfPathModel),
    (c) =>
      publishAnswer(c, async () => {
        return createInstance(c, await pathModel(c), await legacyBody(c, createInstanceRequest))
      }),
  )
  .post(
    '/models/:owner/:model/:framework/:variation/create/version',
    limitCreateBody,
    authorize('owner.write', ownerOfPathModel),
    (c) =>
      publishAnswer(c, async () => {
        const { owner, model, framework, variation } = c.req.param()
        const found = await callerVariation(c, owner, model, framework, variation)
        return createVersion(c, found, await legacyBody(c, createVersionRequest))
      }),
  )

  .post('/models/:owner/:model/update', authorize('owner.write', ownerOfPathModel), (c) =>
    publishAnswer(c, async () => {
      const found = await pathModel(c)
      return updateModel(c, found, await legacyBody(c, updateModelRequest))
    }),
  )
  .post('/models/:owner/:model/delete', authorize('owner.write', ownerOfPathModel), (c) =>
    publishAnswer(c, async () => {
      await removeModel(c, await pathModel(c))
      return {}
    }),
  )
  .post(
    '/models/:owner/:model/:framework/:variation/update',
    authorize('owner.write', ownerOfPathModel),
    (c) =>
      publishAnswer(c, async () => {
        const found = await pathVariation(c)
        return updateInstance(c, found, await legacyBody(c, updateInstanceRequest))
      }),
  )
  .post(
    '/models/:owner/:model/:framework/:variation/delete',
    authorize('owner.write', ownerOfPathModel),
    (c) =>
      publishAnswer(c, async () => {
        await removeInstance(c, await pathVariation(c))
        return {}
      }),
  )
  .post(
    '/models/:owner/:model/:framework/:variation/:version/delete',
    authorize('owner.write', ownerOfPathModel),
    (c) =>
      publishAnswer(c, async () => {
        const number = versionNumberOf(c.req.param('version'))
        await removeVersion(c, await pathVariation(c), number)
        return {}
      }),
  )

export default publish
