// Turns checked uploads into a version: the version and its files are recorded at once (pending,
// invisible), then the tar.gz is built and the version made ready: inline for a small version, in
// the background (waitUntil) for a big one, so no create call outlasts kagglehub 0.3.13's 15 s read
// timeout. Once the tokens are consumed the call answers with the version: if finishing it fails,
// it stays pending and the cron finishes it (finish-pending.ts), so the files are never lost.
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { runInBackground } from '../lib/background'
import { finishVersion, recordPendingVersion } from '../services/publish-version'
import { consume, type UploadedFiles } from './uploaded-files'

/** Up to this many bytes the archive is built before the create call answers. */
const inlineArchiveBytes = 64 * 1024 * 1024

export async function publishUploads(
  c: Context<AppEnv>,
  userId: number,
  input: { variationId: number; number: number; notes: string; uploaded: UploadedFiles },
) {
  await consume(c, userId, input.uploaded)
  const { versionId, files } = await recordPendingVersion(c.var.db, {
    variationId: input.variationId,
    number: input.number,
    notes: input.notes,
    files: input.uploaded.files,
  })
  const finish = () => finishVersion(c.var.db, c.env.BUCKET, versionId, files)
  const total = files.reduce((sum, f) => sum + f.size, 0)
  if (total > inlineArchiveBytes) {
    runInBackground(c, finish(), `publish version ${versionId}`)
    return versionId
  }
  try {
    await finish()
  } catch (err) {
    console.error(
      `publish version ${versionId}: ${err instanceof Error ? err.message : String(err)}; left pending for the cron`,
    )
  }
  return versionId
}
