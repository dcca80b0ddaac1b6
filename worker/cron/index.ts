import { createDb } from '../../db/client'
import { runTfhubSync } from './tfhub-sync'

export const tfhubSyncCron = '*/15 * * * *'

export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
  switch (controller.cron) {
    case tfhubSyncCron:
      ctx.waitUntil(runTfhubSync(createDb(env.DB), env.TFHUB_SOURCE_URL, 'cron'))
      return
    default:
      console.warn(`no job for cron "${controller.cron}"`)
  }
}
