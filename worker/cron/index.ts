import { createDb } from '../../db/client'
import { pruneFacetChanges } from '../../db/queries/facet-index'
import { tfhubSourceFromEnv } from '../tfhub/source'
import { runTfhubSync } from './tfhub-sync'

export const tfhubSyncCron = '*/15 * * * *'

export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
  switch (controller.cron) {
    case tfhubSyncCron:
      ctx.waitUntil(runTfhubSync(env.DB, tfhubSourceFromEnv(env), 'cron'))
      // the search's change log: isolates further behind reload their facet index
      ctx.waitUntil(pruneFacetChanges(createDb(env.DB)))
      return
    default:
      console.warn(`no job for cron "${controller.cron}"`)
  }
}
