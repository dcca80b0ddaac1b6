// Turns checked uploads into a version: the version and its files are recorded at once (pending,
// invisible), then the tar.gz is built and the version made ready: inline for a small version, in
// the background (waitUntil) for a big one, so no create call outlasts kagglehub 0.3.13's 15 s read
// timeout. Once the tokens are consumed the call answers with the version: if finishing it fails,
// it stays pending and the cron finishes it (finish-pending.ts), so the files are never lost.
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { runInBackground } from '../lib/background'
import {
  finishOrLeavePending,
  finishVersion,
  recordPendingVersion,
  type NewVersion,
} from '../services/publish-version'
import { uploadLimits } from './limits'
import { publishArchive } from './publish-archive'
import { consume, type UploadedFiles } from './uploaded-files'

export async function publishUploads(
  c: Context<AppEnv>,
  userId: number,
  input: NewVersion & { uploaded: UploadedFiles },
) {
  const { uploaded, ...version } = input
  const inlineBytes = uploadLimits(c.env).inlinePublishBytes
  if (uploaded.kind === 'archive')
    return publishArchive(c, userId, version, uploaded.checked, inlineBytes)
  await consume(c, userId, uploaded.tokens)
  const { versionId, files } = await recordPendingVersion(c.var.db, {
    ...version,
    files: uploaded.files,
  })
  if (files.reduce((sum, f) => sum + f.size, 0) > inlineBytes) {
    runInBackground(
      c,
      finishVersion(c.var.db, c.env.BUCKET, versionId, files),
      `publish version ${versionId}`,
    )
    return versionId
  }
  await finishOrLeavePending(c.var.db, c.env.BUCKET, versionId, files)
  return versionId
}
