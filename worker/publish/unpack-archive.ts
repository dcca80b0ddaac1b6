// More than 50 files arrive from kagglehub as one upload named `archive.zip` at the root of the
// create call (docs/publishing.md, "Archives"). It is unpacked into the version's files: the
// central directory is read from the end of the stored object and every member checked against
// the limits and the safe-path check before a byte is written, then each member is streamed
// from R2 (inflated with pako when deflated) into its own object, its CRC-32, size, sha256 and
// MD5 computed on the way. Anything wrong removes every object written and the archive itself,
// and refuses the create call; nothing is left behind.
import { Inflate } from 'pako'
import type { Context } from 'hono'
import {
  consumeUploads,
  insertUnpackedUploads,
  markUploadAborted,
  restoreUploads,
  uploadedBytesOf,
  type UploadSession,
} from '../../db/queries/uploads'
import { randomToken } from '../accounts/crypto'
import type { AppEnv } from '../env'
import { crc32 } from '../lib/crc32'
import { safeStoredPath, storedPathChecker, UnsafePathError } from '../lib/file-path'
import {
  locateDirectory,
  memberDataStart,
  membersInOrder,
  parseDirectory,
  zipTailBytes,
  ZipRefused,
  type ZipMember,
} from '../lib/zip-directory'
import { uploadLimits, type UploadLimits } from './limits'
import { PublishRefused } from './refusal'
import { streamHasher, type Hashes } from './stream-hasher'

/** The name kagglehub gives the archive of a folder of more than 50 files (gcs_upload.py). */
export const archiveName = 'archive.zip'

// deflate turns one input piece into up to ~1,000 times its size: small pieces keep each step's
// output small (as in worker/pull/meter.ts)
const inputPiece = 4096
// a directory record is 46 bytes and a name of at most 1,024; extra fields are small
const maxDirectoryBytesPerMember = 4096

async function readRange(bucket: R2Bucket, key: string, offset: number, length: number) {
  const object = await bucket.get(key, { range: { offset, length } })
  if (!object) throw new Error(`object ${key} vanished`)
  return new Uint8Array(await object.arrayBuffer())
}

interface UnpackedMember {
  path: string
  size: number
  r2Key: string
  hashes: Hashes
}

interface Planned {
  member: ZipMember
  limit: number
  path: string
}

/** The members to store, checked: names, counts, sizes, quota; nothing written yet. */
async function plan(
  bucket: R2Bucket,
  archive: UploadSession,
  limits: UploadLimits,
  quotaLeft: number,
): Promise<Planned[]> {
  const size = archive.contentLength
  const tailLength = zipTailBytes(size)
  const tail = await readRange(bucket, archive.r2Key, size - tailLength, tailLength)
  const place = await locateDirectory(tail, size, (offset, length) =>
    readRange(bucket, archive.r2Key, offset, length),
  )
  if (place.count > 2 * limits.maxFilesPerVersion)
    throw new PublishRefused(
      `the archive has ${place.count} members; a version holds at most ${limits.maxFilesPerVersion} files`,
      400,
    )
  if (place.size > (place.count + 1) * maxDirectoryBytesPerMember)
    throw new ZipRefused('the central directory is too large for its members')
  const directory = parseDirectory(
    await readRange(bucket, archive.r2Key, place.offset, place.size),
    place,
  )
  const files = membersInOrder(directory).filter(({ member }) => {
    if (!member.isDirectory) return true
    if (member.size !== 0) throw new ZipRefused('a folder entry of the zip has bytes')
    return false
  })
  if (!files.length) throw new PublishRefused('the archive holds no files', 400)
  if (files.length > limits.maxFilesPerVersion)
    throw new PublishRefused(
      `a version holds at most ${limits.maxFilesPerVersion} files, the archive ${files.length}`,
      400,
    )
  const check = storedPathChecker()
  let total = 0
  const planned = files.map(({ member, limit }) => {
    let path: string
    try {
      path = safeStoredPath(member.name)
      check(path)
    } catch (err) {
      if (err instanceof UnsafePathError)
        throw new PublishRefused(`unsafe file name in the archive: ${err.message}`, 400)
      throw err
    }
    if (member.size > limits.maxFileBytes)
      throw new PublishRefused(
        `a file of the archive is ${member.size} bytes; the largest file allowed is ${limits.maxFileBytes} bytes`,
        413,
      )
    total += member.size
    return { member, limit, path }
  })
  if (total > limits.maxVersionBytes)
    throw new PublishRefused(
      `a version holds at most ${limits.maxVersionBytes} bytes, the archive unpacks to ${total}`,
      413,
    )
  if (total > quotaLeft)
    throw new PublishRefused(
      `storage quota exceeded: the archive unpacks to ${total} bytes, ${quotaLeft} are left`,
      413,
    )
  return planned
}

/** Inflates (or passes) a member's data piece by piece, failing past its declared size. */
function unpacker(member: ZipMember, emit: (bytes: Uint8Array) => void) {
  let produced = 0
  let crc = 0
  const out = (bytes: Uint8Array) => {
    produced += bytes.length
    if (produced > member.size) throw new ZipRefused('a zip member is bigger than it says')
    crc = crc32(bytes, crc)
    emit(bytes)
  }
  const bad = () => new ZipRefused('a deflated zip member is corrupt')
  if (member.method === 0)
    return {
      push: out,
      end() {
        if (produced !== member.size || crc !== member.crc32)
          throw new ZipRefused('a zip member does not match its size or CRC')
      },
    }
  const inflator = new Inflate({ raw: true })
  let ended = false
  let broken = false
  inflator.onEnd = (status) => {
    ended = true
    broken = status !== 0
  }
  inflator.onData = (chunk) => out(chunk as Uint8Array)
  return {
    push(bytes: Uint8Array) {
      for (let at = 0; at < bytes.length; at += inputPiece) {
        // the deflate stream ends where the compressed size says, not before
        if (ended) throw bad()
        inflator.push(bytes.subarray(at, at + inputPiece), false)
        if (broken) throw bad()
      }
    },
    end() {
      if (!ended) inflator.push(new Uint8Array(0), true)
      if (broken || !ended) throw bad()
      if (produced !== member.size || crc !== member.crc32)
        throw new ZipRefused('a zip member does not match its size or CRC')
    },
  }
}

/** Streams one member from the archive into `key`, answering its hashes. */
async function storeMember(bucket: R2Bucket, archiveKey: string, item: Planned, key: string) {
  const { member, limit } = item
  const headerBytes = 30 + member.nameBytes.length
  const header = await readRange(bucket, archiveKey, member.localHeaderOffset, headerBytes)
  const start = memberDataStart(header, member, limit)
  const hasher = streamHasher()
  const sink = new FixedLengthStream(member.size)
  const put = bucket.put(key, sink.readable)
  // a failed put surfaces through the writer; this only keeps it from being unhandled
  put.catch(() => {})
  const writer = sink.writable.getWriter()
  let pending: Uint8Array[] = []
  const unpack = unpacker(member, (bytes) => pending.push(bytes))
  const flush = async () => {
    for (const bytes of pending) {
      await hasher.write(bytes)
      await writer.write(bytes)
    }
    pending = []
  }
  try {
    if (member.compressedSize > 0) {
      const object = await bucket.get(archiveKey, {
        range: { offset: start, length: member.compressedSize },
      })
      if (!object) throw new Error(`object ${archiveKey} vanished`)
      const reader = object.body.getReader()
      while (true) {
        const { value, done } = await reader.read()
        if (done) break
        for (let at = 0; at < value.length; at += 64 * inputPiece) {
          unpack.push(value.subarray(at, at + 64 * inputPiece))
          await flush()
        }
      }
    }
    unpack.end()
    await flush()
    await writer.close()
  } catch (err) {
    await writer.abort(err).catch(() => {})
    await put.catch(() => {})
    throw err
  }
  await put
  return hasher.digest()
}

/**
 * Unpacks the upload `archive` (complete and the caller's) into new complete uploads of the
 * caller, one per member, and answers their tokens; the archive is used up either way.
 */
export async function unpackArchive(c: Context<AppEnv>, userId: number, archive: UploadSession) {
  const bucket = c.env.BUCKET
  const limits = uploadLimits(c.env)
  if (!(await consumeUploads(c.var.db, userId, [archive.token])))
    throw new PublishRefused('an upload token was used by another create call', 400)
  const written: string[] = []
  try {
    const used = await uploadedBytesOf(c.var.db, userId)
    // the archive's bytes are given back once it is unpacked
    const quotaLeft = limits.userQuotaBytes - (used - archive.contentLength)
    const planned = await plan(bucket, archive, limits, quotaLeft)
    const members: (UnpackedMember & { token: string })[] = []
    for (const item of planned) {
      const token = randomToken()
      const r2Key = `uploads/${token}`
      written.push(r2Key)
      const hashes = await storeMember(bucket, archive.r2Key, item, r2Key)
      members.push({ token, path: item.path, size: item.member.size, r2Key, hashes })
    }
    await insertUnpackedUploads(
      c.var.db,
      members.map((m) => ({
        token: m.token,
        userId,
        fileName: m.path,
        contentLength: m.size,
        r2Key: m.r2Key,
        sha256: m.hashes.sha256,
        md5: m.hashes.md5,
        expiresAt: archive.expiresAt,
      })),
    )
    await markUploadAborted(c.var.db, archive.token)
    await bucket.delete(archive.r2Key)
    return members
  } catch (err) {
    await Promise.all(written.map((key) => bucket.delete(key).catch(() => {})))
    if (err instanceof ZipRefused || err instanceof PublishRefused) {
      // a refused archive is of no further use: it goes, and its quota with it
      await markUploadAborted(c.var.db, archive.token)
      await bucket.delete(archive.r2Key)
      if (err instanceof ZipRefused) throw new PublishRefused(`archive.zip: ${err.message}`, 400)
      throw err
    }
    // something else broke (R2, D1): the archive stays usable for another try
    await restoreUploads(c.var.db, [archive.token])
    throw err
  }
}
