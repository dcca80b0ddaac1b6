// Turns checked uploads into a version: the version and its files are recorded at once (pending,
// invisible), the tar.gz is built and the version made ready inline for a small version, in the
// background (waitUntil) for a big one, so no create call outlasts kagglehub 0.3.13's 15 s read
// timeout. A publish that died is finished by running publishVersion again.
import type { Context } from 'hono'
import { createPendingVersion } from '../../db/queries/versions'
import type { AppEnv } from '../env'
import { runInBackground } from '../lib/background'
import { publishVersion } from '../services/publish-version'
import { consume, type UploadedFiles } from './uploaded-files'

/** Up to this many bytes the archive is built before the create call answers. */
const inlineArchiveBytes = 64 * 1024 * 1024

export async function publishUploads(
  c: Context<AppEnv>,
  userId: number,
  input: { variationId: number; number: number; notes: string; uploaded: UploadedFiles },
) {
  await consume(c, userId, input.uploaded)
  const version = {
    variationId: input.variationId,
    number: input.number,
    notes: input.notes,
    files: input.uploaded.files,
  }
  const total = version.files.reduce((sum, f) => sum + f.size, 0)
  if (total <= inlineArchiveBytes) return publishVersion(c.var.db, c.env.BUCKET, version)
  const id = await createPendingVersion(
    c.var.db,
    version.variationId,
    version.number,
    version.notes,
    version.files.map((f) => f),
  )
  runInBackground(c, publishVersion(c.var.db, c.env.BUCKET, version), `publish version ${id}`)
  return id
}
