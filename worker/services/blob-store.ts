// Content-addressed model files in R2: the key is the sha256 of the bytes, so the same file in
// many versions is one object, and R2 checks the hash on the way in.

const blobKey = (sha256: string) => `blobs/sha256/${sha256}`

export interface StoredBlob {
  key: string
  size: number
  sha256: string
  /** base64 raw MD5 from R2 (single-part uploads only), for x-goog-hash */
  md5: string | null
}

/**
 * Streams `body` into R2 under its sha256, unless that object exists already. The stream must
 * have a known length (a fetch or request body with Content-Length). R2 rejects bytes whose
 * sha256 differs, so nothing unverified is ever stored under a hash key.
 */
export async function putBlob(
  bucket: R2Bucket,
  sha256: string,
  size: number,
  body: () => Promise<ReadableStream | null>,
): Promise<StoredBlob> {
  const key = blobKey(sha256)
  const existing = await bucket.head(key)
  if (existing) return { key, size: existing.size, sha256, md5: md5Of(existing) }
  const stream = await body()
  if (!stream) throw new Error(`no body for ${sha256}`)
  const put = await bucket.put(key, stream, {
    sha256,
    httpMetadata: { contentType: 'application/octet-stream' },
  })
  if (put.size !== size) {
    await bucket.delete(key)
    throw new Error(`blob ${sha256}: expected ${size} bytes, stored ${put.size}`)
  }
  return { key, size: put.size, sha256, md5: md5Of(put) }
}

function md5Of(object: R2Object) {
  const md5 = object.checksums.md5
  return md5 ? btoa(String.fromCharCode(...new Uint8Array(md5))) : null
}

/**
 * Moves a staged object (whose hash is known only now) to its content-addressed key, unless that
 * object exists already, and deletes the staged copy.
 */
export async function promoteStaged(
  bucket: R2Bucket,
  staged: { key: string; size: number; sha256: string; md5: string },
): Promise<StoredBlob> {
  const key = blobKey(staged.sha256)
  try {
    if (!(await bucket.head(key))) {
      const object = await bucket.get(staged.key)
      if (!object) throw new Error(`staged object ${staged.key} vanished`)
      await bucket.put(key, object.body, {
        sha256: staged.sha256,
        httpMetadata: { contentType: 'application/octet-stream' },
      })
    }
  } finally {
    await bucket.delete(staged.key)
  }
  return { key, size: staged.size, sha256: staged.sha256, md5: staged.md5 }
}
