export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
  console.warn(`no job for cron "${controller.cron}"`, env === undefined, ctx === undefined)
}
