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
import { publishAnswer } from '../publish/refusal'
import {
  createInstanceRequest,
  createModelRequest,
  createVersionRequest,
  startUploadRequest,
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

export default publish
