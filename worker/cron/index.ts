import { tfhubSourceFromEnv } from '../tfhub/source'
import { runTfhubSync } from './tfhub-sync'

export const tfhubSyncCron = '*/15 * * * *'

export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
  switch (controller.cron) {
    case tfhubSyncCron:
      ctx.waitUntil(runTfhubSync(env.DB, tfhubSourceFromEnv(env), 'cron'))
      return
    default:
      console.warn(`no job for cron "${controller.cron}"`)
  }
}
