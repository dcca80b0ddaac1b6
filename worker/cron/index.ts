import { createDb } from '../../db/client'
import { pruneDownloadClients, utcDay } from '../../db/queries/usage'
import { sweepPullStaging } from '../pull/sweep'
import { finishPendingVersions } from '../publish/finish-pending'
import { uploadLimits } from '../publish/limits'
import { sweepAbandonedUploads } from '../publish/sweep-uploads'
import { pruneFacetChanges, writeFacetSnapshot } from '../search'
import { tfhubSourceFromEnv } from '../tfhub/source'
import { runTfhubSync } from './tfhub-sync'

const tfhubSyncCron = '*/15 * * * *'
const dayMs = 24 * 3600 * 1000

// the TF Hub sync, then the search's index as it stands, for new isolates to start from
async function syncThenSnapshot(env: Env) {
  try {
    await runTfhubSync(env.DB, tfhubSourceFromEnv(env), 'cron')
  } finally {
    await writeFacetSnapshot(createDb(env.DB), env.BUCKET).catch((err) =>
      console.error(`search index snapshot: ${err instanceof Error ? err.message : String(err)}`),
    )
  }
}

export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
  switch (controller.cron) {
    case tfhubSyncCron:
      ctx.waitUntil(syncThenSnapshot(env))
      // the search's change log: isolates further behind reload their facet index
      ctx.waitUntil(pruneFacetChanges(createDb(env.DB)))
      // who downloaded is needed only until the day is over (docs/usage.md)
      ctx.waitUntil(pruneDownloadClients(createDb(env.DB), utcDay(new Date(Date.now() - dayMs))))
      // what pull-through fetches that died left behind (docs/pull-through.md)
      ctx.waitUntil(
        sweepPullStaging(createDb(env.DB), env.BUCKET).catch((err) =>
          console.error(`pull-through sweep: ${err instanceof Error ? err.message : String(err)}`),
        ),
      )
      // uploads started and never used (docs/publishing.md)
      ctx.waitUntil(
        sweepAbandonedUploads(createDb(env.DB), env.BUCKET).catch((err) =>
          console.error(`upload sweep: ${err instanceof Error ? err.message : String(err)}`),
        ),
      )
      // versions whose publish died after their uploads were taken (docs/publishing.md)
      ctx.waitUntil(
        finishPendingVersions(createDb(env.DB), env.BUCKET, uploadLimits(env)).catch((err) =>
          console.error(`pending versions: ${err instanceof Error ? err.message : String(err)}`),
        ),
      )
      return
    default:
      console.warn(`no job for cron "${controller.cron}"`)
  }
}
