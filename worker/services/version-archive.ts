// Builds the whole-version tar.gz once, when a version is published, and stores it in R2 so
// that downloads of it get Content-Length, Range and a stable ETag like any file.
import { writeTar } from '../lib/tar'

// R2 multipart parts must be at least 5 MiB (all but the last), so the gzip stream, whose
// length is unknown until it ends, is cut into parts of this size.
const partSize = 8 * 1024 * 1024

export interface ArchiveFile {
  path: string
  size: number
  key: string
}

export interface StoredArchive {
  key: string
  size: number
  sha256: string
  md5: string
}

export async function buildVersionArchive(bucket: R2Bucket, key: string, files: ArchiveFile[], mtime: Date): Promise<StoredArchive> {
  const tar = writeTar(
    files.map((file) => ({
      path: file.path,
      size: file.size,
      mtime: Math.floor(mtime.getTime() / 1000),
      body: async () => {
        const object = await bucket.get(file.key)
        if (!object) throw new Error(`object ${file.key} missing while archiving`)
        return object.body
      },
    })),
  )
  const gzip = tar.pipeThrough(new CompressionStream('gzip'))
  const sha256 = new crypto.DigestStream('SHA-256')
  const md5 = new crypto.DigestStream('MD5')
  const sha256Writer = sha256.getWriter()
  const md5Writer = md5.getWriter()

  const upload = await bucket.createMultipartUpload(key, { httpMetadata: { contentType: 'application/gzip' } })
  try {
    const parts: R2UploadedPart[] = []
    let pending: Uint8Array[] = []
    let pendingBytes = 0
    let size = 0
    const flush = async () => {
      const part = new Uint8Array(pendingBytes)
      let offset = 0
      for (const chunk of pending) {
        part.set(chunk, offset)
        offset += chunk.length
      }
      parts.push(await upload.uploadPart(parts.length + 1, part))
      pending = []
      pendingBytes = 0
    }
    const reader = gzip.getReader()
    while (true) {
      const { value, done } = await reader.read()
      if (done) break
      await sha256Writer.write(value)
      await md5Writer.write(value)
      pending.push(value)
      pendingBytes += value.length
      size += value.length
      if (pendingBytes >= partSize) await flush()
    }
    if (pendingBytes || !parts.length) await flush()
    await upload.complete(parts)
    await sha256Writer.close()
    await md5Writer.close()
    return {
      key,
      size,
      sha256: hex(await sha256.digest),
      md5: btoa(String.fromCharCode(...new Uint8Array(await md5.digest))),
    }
  } catch (err) {
    await upload.abort().catch(() => {})
    throw err
  }
}

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('')
