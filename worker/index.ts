import app from './app'
import { scheduled } from './cron'
import { consumePullQueue } from './pull/consumer'

export default {
  fetch: app.fetch,
  scheduled,
  queue: consumePullQueue,
} satisfies ExportedHandler<Env>
