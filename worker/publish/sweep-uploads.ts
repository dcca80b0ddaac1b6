// The cron's cleanup of abandoned uploads (docs/publishing.md, "Limits"): an upload still open
// or complete but never used past its expiry is aborted, its R2 multipart parts or object
// deleted, and its bytes no longer count against its user's quota.
import type { Db } from '../../db/client'
import { expiredUploads, markUploadAborted } from '../../db/queries/uploads'

// per cron run: each costs a few subrequests
const batch = 200

export async function sweepAbandonedUploads(db: Db, bucket: R2Bucket, now = new Date()) {
  const expired = await expiredUploads(db, now, batch)
  for (const upload of expired) {
    if (upload.status === 'open' && upload.multipartId)
      await bucket
        .resumeMultipartUpload(upload.r2Key, upload.multipartId)
        .abort()
        .catch(() => {})
    // a complete upload deduplicated onto a shared blob does not own its key
    if (upload.r2Key.startsWith('uploads/')) await bucket.delete(upload.r2Key)
    await markUploadAborted(db, upload.token)
  }
  return expired.length
}
