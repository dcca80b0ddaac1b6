// Streams bytes of unknown length into R2 with a multipart upload, hashing them on the way, so
// nothing is ever held whole in memory: at most one part (8 MiB) is buffered. Every part but the
// last is exactly 8 MiB, as R2 requires, whatever the sizes of the stream's chunks.
// An upload is aborted when anything fails; should the Worker die first (eviction, deploy, a
// timeout), the ledger, if given, is what lets the cron find and abort it.

// R2 multipart parts must be at least 5 MiB, all but the last
const partSize = 8 * 1024 * 1024

export interface StagedObject {
  key: string
  size: number
  sha256: string
  /** base64 of the raw MD5 */
  md5: string
}

/** Where uploads are recorded from start to end (db/queries/multipart-uploads.ts). */
export interface UploadLedger {
  started(key: string, uploadId: string): Promise<void>
  ended(uploadId: string): Promise<void>
}

export async function stageStream(
  bucket: R2Bucket,
  key: string,
  stream: ReadableStream<Uint8Array>,
  contentType = 'application/octet-stream',
  ledger?: UploadLedger,
): Promise<StagedObject> {
  const sha256 = new crypto.DigestStream('SHA-256')
  const md5 = new crypto.DigestStream('MD5')
  const sha256Writer = sha256.getWriter()
  const md5Writer = md5.getWriter()
  const upload = await bucket.createMultipartUpload(key, { httpMetadata: { contentType } })
  try {
    await ledger?.started(key, upload.uploadId)
    const parts: R2UploadedPart[] = []
    // R2 wants every part but the last of one size: chunks are cut to fill whole parts
    let part = new Uint8Array(partSize)
    let filled = 0
    let size = 0
    const flush = async () => {
      parts.push(await upload.uploadPart(parts.length + 1, part.subarray(0, filled)))
      part = new Uint8Array(partSize)
      filled = 0
    }
    const reader = stream.getReader()
    while (true) {
      const { value, done } = await reader.read()
      if (done) break
      await sha256Writer.write(value)
      await md5Writer.write(value)
      size += value.length
      for (let offset = 0; offset < value.length;) {
        const taken = Math.min(partSize - filled, value.length - offset)
        part.set(value.subarray(offset, offset + taken), filled)
        filled += taken
        offset += taken
        if (filled === partSize) await flush()
      }
    }
    if (filled || !parts.length) await flush()
    await upload.complete(parts)
    await forget(ledger, upload.uploadId)
    await sha256Writer.close()
    await md5Writer.close()
    return { key, size, sha256: hex(await sha256.digest), md5: base64(await md5.digest) }
  } catch (err) {
    await upload.abort().catch(() => {})
    await forget(ledger, upload.uploadId)
    throw err
  }
}

// a row left behind only costs the cron one abort of an upload that is already gone
async function forget(ledger: UploadLedger | undefined, uploadId: string) {
  await ledger
    ?.ended(uploadId)
    .catch((err) => console.error('multipart upload ledger', uploadId, err))
}

const hex = (buffer: ArrayBuffer) =>
  [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('')
const base64 = (buffer: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
