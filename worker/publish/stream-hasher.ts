// sha256 and MD5 of bytes as they pass, with the platform's digest streams (no byte is kept).

export interface Hashes {
  sha256: string
  /** base64 of the raw MD5, as x-goog-hash sends it */
  md5: string
}

export function streamHasher() {
  const sha256 = new crypto.DigestStream('SHA-256')
  const md5 = new crypto.DigestStream('MD5')
  const writers = [sha256.getWriter(), md5.getWriter()]
  return {
    async write(bytes: Uint8Array) {
      if (bytes.length) await Promise.all(writers.map((w) => w.write(bytes)))
    },
    async digest(): Promise<Hashes> {
      await Promise.all(writers.map((w) => w.close()))
      return { sha256: hex(await sha256.digest), md5: base64(await md5.digest) }
    },
  }
}

/** The hashes of a stored object, read back as a stream. */
export async function hashObject(bucket: R2Bucket, key: string): Promise<Hashes> {
  const object = await bucket.get(key)
  if (!object) throw new Error(`object ${key} vanished`)
  const hasher = streamHasher()
  const reader = object.body.getReader()
  while (true) {
    const { value, done } = await reader.read()
    if (done) break
    await hasher.write(value)
  }
  return hasher.digest()
}

const hex = (buffer: ArrayBuffer) =>
  [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('')
const base64 = (buffer: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
