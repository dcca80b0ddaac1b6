// The model catalog on Kaggle's legacy REST paths (docs/kaggle-api.md, "Routes"): list, get model, get
// variation, versions, files, and the download redirects.
import { pullWaitMs } from '../pull/request'
import { Hono } from 'hono'
import { allows } from '../accounts/permissions'
import { ownerOfPathModel } from '../publish/owner-of'
import { listVersions, versionFileDigests } from '../../db/queries/models'
import { hasVotedModel } from '../../db/queries/votes'
import type { ListVersionsResponse } from '../api-types'
import type { AppEnv } from '../env'
import { toApiVersion } from '../serialize'
import {
  archiveUrl,
  callerSeesPrivate,
  callerVariation,
  fileUrl,
  forCaller,
  filesPage,
  instanceAnswer,
  latestNumber,
  modelAnswer,
  modelsPage,
  requestOrigin,
} from '../services/kaggle-answers'
import { handlePath, resolveVersion, resolveVersionWithFiles } from '../services/resolve'
import { filePathAfter } from '../lib/file-path'
import { legacyQuery } from '../validate'
import { diffVersions } from '../services/version-diff'
import { listFilesQuery, listModelsQuery, versionDiffQuery } from './models.query'

const models = new Hono<AppEnv>()
  // a repeated filter's values are joined: framework=tfJs&framework=tfLite is framework=tfJs,tfLite
  .get('/list', legacyQuery(listModelsQuery, { joinRepeated: true }), async (c) => {
    const { search, sortBy, maxSize, pageSize, pageToken, facets, ...filters } =
      c.req.valid('query')
    const body = await modelsPage(c, {
      search,
      sortBy,
      filters,
      maxSizeBytes: maxSize,
      pageSize,
      pageToken,
      facets,
    })
    return c.json(body, 200)
  })
  .get('/:owner/:model/get', async (c) => {
    const { owner, model } = c.req.param()
    const body = await modelAnswer(c, owner, model, callerSeesPrivate(c))
    const signedIn = c.var.actor.kind === 'user'
    body.hasVoted = signedIn && (await hasVotedModel(c.var.db, c.var.actor.user.id, body.id))
    body.canEdit =
      signedIn &&
      body.provenance === 'community' &&
      (await allows(c, 'owner.write', await ownerOfPathModel(c)))
    return c.json(body, 200)
  })
  .get('/:owner/:model/:framework/:variation/get', async (c) => {
    const { owner, model, framework, variation } = c.req.param()
    const found = await callerVariation(c, owner, model, framework, variation)
    return c.json(instanceAnswer(c, found), 200)
  })
  .get('/:owner/:model/:framework/:variation/versions', async (c) => {
    const { owner, model, framework, variation } = c.req.param()
    const found = await callerVariation(c, owner, model, framework, variation)
    const apiBase = `${requestOrigin(c)}/api/v1`
    const versions = (await listVersions(c.var.db, found.variation.id)).filter(
      (v) => v.status === 'ready',
    )
    const body: ListVersionsResponse = {
      versions: await Promise.all(
        versions.map(async (v) => {
          const version = toApiVersion(v, handlePath(found), apiBase)
          // a private model's archive link is signed, as its file links are
          if (version.archiveUrl) version.archiveUrl = await forCaller(c, found, version.archiveUrl)
          return version
        }),
      ),
    }
    return c.json(body, 200)
  })
  // CLI 1.7 lists the latest version's files without naming it
  .get('/:owner/:model/:framework/:variation/files', legacyQuery(listFilesQuery), async (c) => {
    const { owner, model, framework, variation } = c.req.param()
    const found = await callerVariation(c, owner, model, framework, variation)
    const version = String(latestNumber(found))
    const resolved = await resolveVersionWithFiles(
      c.var.db,
      c.env,
      { owner, model, framework, variation, version },
      { seesPrivate: callerSeesPrivate(c), waitMs: pullWaitMs(c.req.header('prefer')) },
    )
    return c.json(await filesPage(c, resolved, c.req.valid('query')), 200)
  })
  // files added, removed and changed between two versions of a variation
  .get('/:owner/:model/:framework/:variation/diff', legacyQuery(versionDiffQuery), async (c) => {
    const { from, to } = c.req.valid('query')
    const options = {
      seesPrivate: callerSeesPrivate(c),
      waitMs: pullWaitMs(c.req.header('prefer')),
    }
    const sides = await Promise.all(
      [from, to].map(async (number) => {
        const found = await resolveVersionWithFiles(
          c.var.db,
          c.env,
          { ...c.req.param(), version: String(number) },
          options,
        )
        return { number, files: await versionFileDigests(c.var.db, found.version.id) }
      }),
    )
    return c.json(diffVersions(sides[0]!, sides[1]!), 200)
  })
  .get(
    '/:owner/:model/:framework/:variation/:version/files',
    legacyQuery(listFilesQuery),
    async (c) => {
      const found = await resolveVersionWithFiles(c.var.db, c.env, c.req.param(), {
        seesPrivate: callerSeesPrivate(c),
        waitMs: pullWaitMs(c.req.header('prefer')),
      })
      return c.json(await filesPage(c, found, c.req.valid('query')), 200)
    },
  )
  .get('/:owner/:model/:framework/:variation/:version/download', async (c) => {
    const found = await resolveVersionWithFiles(c.var.db, c.env, c.req.param(), {
      seesPrivate: callerSeesPrivate(c),
      waitMs: pullWaitMs(c.req.header('prefer')),
    })
    // Kaggle's clients expect a 302 to the bytes, never a 307/308 (docs/kaggle-api.md, "Downloads")
    return c.redirect(await archiveUrl(c, found), 302)
  })
  .get('/:owner/:model/:framework/:variation/:version/download/*', async (c) => {
    const found = await resolveVersion(c.var.db, c.req.param(), callerSeesPrivate(c))
    // /api/v1/models/:owner/:model/:framework/:variation/:version/download/<path>
    return c.redirect(await fileUrl(c, found, filePathAfter(c.req.url, 9)), 302)
  })

export default models
