// The queue consumer: each message names one version whose asset to fetch.
import { runPullJob } from './job'
import type { PullMessage } from './request'

export async function consumePullQueue(batch: MessageBatch<unknown>, env: Env) {
  for (const message of batch.messages) {
    const versionId = (message.body as Partial<PullMessage> | null)?.versionId
    if (!Number.isSafeInteger(versionId)) {
      console.warn('pull queue: a message without a version id')
      message.ack()
      continue
    }
    try {
      const result = await runPullJob(env, versionId!)
      console.log('pull-through', versionId, result.state, result.error ?? '')
      message.ack()
    } catch (err) {
      // D1 or R2 failing outside the job's own handling: try again later
      console.error('pull-through', versionId, err)
      message.retry({ delaySeconds: 60 })
    }
  }
}
