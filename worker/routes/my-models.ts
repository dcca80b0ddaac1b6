// The SPA's publishing pages (docs/publishing.md, "In the browser"): what the "New model" form
// offers, the signed-in user's models with their status, one of their uploads (the server's
// sha256, to compare with the browser's), and a model's details (the Edit model form). Not Kaggle paths.
import { Hono } from 'hono'
import {
  allLicenses,
  editModel,
  allTags,
  modelsOfOwners,
  publishingOwners,
  uploadOf,
  variationsWithLatest,
} from '../../db/queries/my-models'
import { getUploadSession, markUploadAborted } from '../../db/queries/uploads'
import { authorize, currentUser } from '../accounts/permissions'
import type { ApiMyModel, ApiMyUpload, ApiPublishingOptions } from '../api-types'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { ownerOfPathModel } from '../publish/owner-of'
import { reindexModels } from '../search'
import { callerModel, callerSeesPrivate, modelAnswer } from '../services/kaggle-answers'
import {
  checkLabels,
  editModelDetails,
  labelsBody,
  modelDetailsBody,
  refuseImported,
} from '../publish/model-details'
import { jsonBody } from '../validate'
import { frameworkLabels } from '../vocabulary'

const myModels = new Hono<AppEnv>()
  .get('/account/publishing', authorize('account.read'), async (c) => {
    const { user } = currentUser(c)
    const [owners, licenses, tags] = await Promise.all([
      publishingOwners(c.var.db, user.id, user.ownerId),
      allLicenses(c.var.db),
      allTags(c.var.db),
    ])
    const body: ApiPublishingOptions = {
      owners: owners.map((o) => ({
        slug: o.slug,
        displayName: o.displayName,
        isOrganization: o.kind === 'organization',
      })),
      licenses: licenses.map((l) => ({
        id: l.id,
        name: l.name,
        ...(l.spdx ? { spdx: l.spdx } : {}),
        ...(l.url ? { url: l.url } : {}),
        commercialUse: l.commercialUse,
        modification: l.modification,
        distribution: l.distribution,
        attributionRequired: l.attributionRequired,
        shareAlike: l.shareAlike,
        patentGrant: l.patentGrant,
      })),
      tags: tags.map((t) => ({ ref: `${t.type}/${t.slug}`, type: t.type, name: t.name })),
      frameworks: Object.entries(frameworkLabels).map(([slug, label]) => ({ slug, label })),
    }
    return c.json(body, 200)
  })
  .get('/account/models', authorize('account.read'), async (c) => {
    const { user } = currentUser(c)
    const owners = await publishingOwners(c.var.db, user.id, user.ownerId)
    const rows = await modelsOfOwners(
      c.var.db,
      owners.map((o) => o.id),
    )
    const variations = await variationsWithLatest(
      c.var.db,
      rows.map((m) => m.id),
    )
    const models: ApiMyModel[] = rows.map((m) => ({
      ref: `${m.ownerSlug}/${m.slug}`,
      ownerSlug: m.ownerSlug,
      slug: m.slug,
      title: m.title,
      subtitle: m.subtitle,
      isPrivate: m.isPrivate,
      provenance: m.provenance,
      createTime: m.createdAt.toISOString(),
      variations: variations
        .filter((v) => v.modelId === m.id)
        .map((v) => ({
          framework: v.framework,
          slug: v.slug,
          latestVersion:
            v.number === null || v.status === null
              ? null
              : {
                  number: v.number,
                  status: v.status,
                  fileCount: v.fileCount ?? 0,
                  totalBytes: v.totalBytes ?? 0,
                },
        })),
    }))
    return c.json({ models }, 200)
  })
  .get('/account/uploads/:token', authorize('account.read'), async (c) => {
    const { user } = currentUser(c)
    const row = await uploadOf(c.var.db, user.id, c.req.param('token'))
    if (!row) throw new ApiError('NOT_FOUND', 'no such upload of yours')
    const body: ApiMyUpload = {
      token: row.token,
      fileName: row.fileName,
      contentLength: row.contentLength,
      receivedBytes: row.receivedBytes,
      status: row.status,
      sha256: row.sha256,
      expireTime: row.expiresAt.toISOString(),
    }
    return c.json(body, 200)
  })
  // cancelling an upload frees its quota at once instead of at its expiry (the cron's sweep)
  .delete('/account/uploads/:token', authorize('upload.start'), async (c) => {
    const { user } = currentUser(c)
    const upload = await getUploadSession(c.var.db, c.req.param('token'))
    if (!upload || upload.userId !== user.id)
      throw new ApiError('NOT_FOUND', 'no such upload of yours')
    if (upload.status === 'consumed')
      throw new ApiError('CONFLICT', 'this upload is a file of a published version')
    if (upload.status === 'aborted') return c.body(null, 204)
    if (upload.status === 'open' && upload.multipartId)
      await c.env.BUCKET.resumeMultipartUpload(upload.r2Key, upload.multipartId)
        .abort()
        .catch(() => {})
    // a complete upload deduplicated onto a shared blob does not own its key
    if (upload.r2Key.startsWith('uploads/')) await c.env.BUCKET.delete(upload.r2Key)
    await markUploadAborted(c.var.db, upload.token)
    return c.body(null, 204)
  })
  .put(
    '/models/:owner/:model/labels',
    authorize('owner.write', ownerOfPathModel),
    jsonBody(labelsBody),
    async (c) => {
      const found = await callerModel(c, c.req.param('owner'), c.req.param('model'))
      refuseImported(found)
      const { licenseId, tags } = c.req.valid('json')
      const tagIds = await checkLabels(c, { licenseId, tags })
      await editModel(c.var.db, found.id, { fields: { licenseId }, tagIds })
      await reindexModels(c.var.db, [found.id])
      return c.json({ licenseId, tags: [...new Set(tags)] }, 200)
    },
  )
  .patch(
    '/models/:owner/:model',
    authorize('owner.write', ownerOfPathModel),
    jsonBody(modelDetailsBody),
    async (c) => {
      const { owner, model } = c.req.param()
      await editModelDetails(c, await callerModel(c, owner, model), c.req.valid('json'))
      return c.json(await modelAnswer(c, owner, model, callerSeesPrivate(c)), 200)
    },
  )

export default myModels
