// A version's archives: the whole-version tar.gz, built once when a version gets its files and
// stored in R2 (so it has Content-Length, Range and a stable ETag like any file), and tars of
// the whole version or a subset of it, assembled on the fly from the stored objects.
import { layoutTar, tarSegments, writeTar, type TarSegment } from '../lib/tar-writer'
import type { Representation } from './serve-object'
import { stageStream, type StagedObject, type UploadLedger } from './staged-upload'

export interface ArchiveFile {
  path: string
  size: number
  key: string
}

export async function buildVersionArchive(
  bucket: R2Bucket,
  key: string,
  files: ArchiveFile[],
  mtime: Date,
  ledger?: UploadLedger,
): Promise<StagedObject> {
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
  return stageStream(
    bucket,
    key,
    tar.pipeThrough(new CompressionStream('gzip')),
    'application/gzip',
    ledger,
  )
}

export interface TarMember {
  path: string
  size: number
  sha256: string
  key: string
}

/**
 * Files of a version as one tar, assembled from the stored objects on each request. Its layout
 * is computed from the file list alone, so it has an exact length, a strong ETag (a hash of
 * the members and their mtime) and Range: a range reads only the objects it covers, from the
 * offsets it covers.
 */
export async function virtualTar(
  bucket: R2Bucket,
  files: TarMember[],
  mtime: Date,
  filename: string,
): Promise<Representation> {
  const seconds = Math.floor(mtime.getTime() / 1000)
  const layout = layoutTar(files.map((file) => ({ ...file, mtime: seconds })))
  const identity = JSON.stringify([seconds, files.map((f) => [f.path, f.size, f.sha256])])
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(identity))
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
  return {
    size: layout.size,
    etag: `"tar-${hex}"`,
    lastModified: new Date(seconds * 1000),
    contentType: 'application/x-tar',
    filename,
    // the file list comes from D1; every member's object was checked when it was stored
    exists: async () => true,
    open: async (range) => {
      const { start, end } = range ?? { start: 0, end: layout.size - 1 }
      const { readable, writable } = new FixedLengthStream(end - start + 1)
      const written = writeSegments(bucket, tarSegments(layout, start, end), writable)
      written.catch((err: unknown) => {
        console.error('tar assembly failed:', err instanceof Error ? err.message : err)
        writable.abort(err).catch(() => {})
      })
      return readable
    },
  }
}

/**
 * Writes the segments in order: made bytes directly, bodies piped from R2 natively (no chunk
 * passes through JavaScript). Each member's object is asked for while the one before it is
 * still being piped, so the answer never waits on R2 between members. Resolves once the last
 * byte was taken by the reader.
 */
async function writeSegments(
  bucket: R2Bucket,
  segments: Iterable<TarSegment<TarMember & { mtime: number }>>,
  writable: WritableStream<Uint8Array>,
) {
  const all = [...segments]
  const asked = new Map<number, Promise<R2ObjectBody | null>>()
  const ask = (index: number) => {
    const segment = all[index]
    if (segment?.kind !== 'body' || asked.has(index)) return
    const { member, offset, length } = segment
    const object = bucket.get(member.key, { range: { offset, length } })
    object.catch(() => {}) // a failure is thrown where the member is piped, not before
    asked.set(index, object)
  }
  let ahead = 0 // the next segment that may need asking for ahead
  try {
    for (const [index, segment] of all.entries()) {
      if (segment.kind === 'bytes') {
        const writer = writable.getWriter()
        await writer.write(segment.bytes)
        writer.releaseLock()
        continue
      }
      ask(index)
      for (ahead = Math.max(ahead, index + 1); ahead < all.length; ahead++)
        if (all[ahead]!.kind === 'body') break
      ask(ahead)
      const object = await asked.get(index)!
      asked.delete(index)
      if (!object)
        throw new Error(`object ${segment.member.key} (${segment.member.path}) missing from R2`)
      await object.body.pipeTo(writable, { preventClose: true })
    }
    await writable.close()
  } finally {
    // a member asked for ahead and never piped (the reader went away): let R2 go of it
    for (const pending of asked.values())
      pending.then((object) => object?.body.cancel()).catch(() => {})
  }
}
