// More than 50 files arrive from kagglehub as one upload named `archive.zip` at the root of the
// create call (docs/publishing.md, "Archives"). It is unpacked into the version's files in two
// steps. In the call, checkArchive reads the central directory from the end of the stored object
// and checks every member against the limits and the safe-path check. Then unpackMembers streams
// each member from R2 (inflated with pako when deflated) into its own object, its CRC-32, size,
// sha256 and MD5 computed on the way: in the call for a small archive, in the background for a
// big one (publish-archive.ts). Anything wrong removes every object written; a refused archive
// goes too.
import { Inflate } from 'pako'
import type { Context } from 'hono'
import type { Db } from '../../db/client'
import {
  commitUnpackedUploads,
  consumeUploads,
  markUploadAborted,
  restoreUploads,
  uploadedBytesOf,
  type UploadSession,
} from '../../db/queries/uploads'
import type { NewFile } from '../../db/queries/versions'
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
import { contentTypeOf } from '../services/publish-version'
import { PublishRefused } from './refusal'
import { streamHasher } from './stream-hasher'

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
  // a put that fails stops reading its stream, so a write would wait forever: race each one
  const putFailed = new Promise<never>((_, reject) => put.catch(reject))
  putFailed.catch(() => {})
  const writer = sink.writable.getWriter()
  let pending: Uint8Array[] = []
  const unpack = unpacker(member, (bytes) => pending.push(bytes))
  const flush = async () => {
    for (const bytes of pending) {
      await hasher.write(bytes)
      await Promise.race([writer.write(bytes), putFailed])
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
    await Promise.race([writer.close(), putFailed])
  } catch (err) {
    await writer.abort(err).catch(() => {})
    await put.catch(() => {})
    throw err
  }
  await put
  return hasher.digest()
}

export interface CheckedArchive {
  archive: UploadSession
  planned: Planned[]
  /** the members' bytes in all, unpacked */
  totalBytes: number
}

/** A refused archive is of no further use: it goes, and its quota with it. */
export async function dropArchive(db: Db, bucket: R2Bucket, archive: UploadSession) {
  await markUploadAborted(db, archive.token)
  await bucket.delete(archive.r2Key)
}

/** Refusals drop the archive and refuse the call; anything else gives the archive back. */
async function refuseOrRestore(
  db: Db,
  bucket: R2Bucket,
  archive: UploadSession,
  err: unknown,
): Promise<never> {
  if (err instanceof ZipRefused || err instanceof PublishRefused) {
    await dropArchive(db, bucket, archive)
    if (err instanceof ZipRefused) throw new PublishRefused(`archive.zip: ${err.message}`, 400)
    throw err
  }
  // something else broke (R2, D1): the archive stays usable for another try
  await restoreUploads(db, [archive.token])
  throw err
}

/** The members' bytes as their plan says, for a retry that already passed the call's checks. */
export async function replanArchive(
  bucket: R2Bucket,
  archive: UploadSession,
  limits: UploadLimits,
): Promise<CheckedArchive> {
  const planned = await plan(bucket, archive, limits, Number.POSITIVE_INFINITY)
  return { archive, planned, totalBytes: planned.reduce((sum, p) => sum + p.member.size, 0) }
}

/**
 * In the create call: takes the upload `archive` (complete and the caller's) and checks its
 * central directory against the safe-path check, the limits and the quota before a byte is
 * unpacked. Only that is read, so the call stays quick for any size of archive.
 */
export async function checkArchive(
  c: Context<AppEnv>,
  userId: number,
  archive: UploadSession,
): Promise<CheckedArchive> {
  const bucket = c.env.BUCKET
  const limits = uploadLimits(c.env)
  if (!(await consumeUploads(c.var.db, userId, [archive.token])))
    throw new PublishRefused('an upload token was used by another create call', 400)
  try {
    const used = await uploadedBytesOf(c.var.db, userId)
    // the archive's bytes are given back once it is unpacked
    const quotaLeft = limits.userQuotaBytes - (used - archive.contentLength)
    const planned = await plan(bucket, archive, limits, quotaLeft)
    return { archive, planned, totalBytes: planned.reduce((sum, p) => sum + p.member.size, 0) }
  } catch (err) {
    return refuseOrRestore(c.var.db, bucket, archive, err)
  }
}

// A member's token (and object) derive from the archive's, so a retried unpack overwrites what a
// dead attempt wrote rather than leaving it behind.
const memberToken = (archive: UploadSession, index: number) => `${archive.token}.${index}`

/** The version's file for an unpacked member. */
export const unpackedFile = (m: {
  fileName: string
  contentLength: number
  r2Key: string
  sha256: string | null
  md5: string | null
}): NewFile => ({
  path: m.fileName,
  size: m.contentLength,
  sha256: m.sha256!,
  md5: m.md5,
  contentType: contentTypeOf(m.fileName),
  r2Key: m.r2Key,
})

/**
 * Streams every member into its own object, its CRC-32, size, sha256 and MD5 checked on the way,
 * then records them as the owner's uploads consumed by the version being made (the archive given
 * up in the same batch) and removes the archive. A member that does not match the directory
 * throws ZipRefused; whatever fails, the objects written are removed.
 */
export async function unpackMembers(
  db: Db,
  bucket: R2Bucket,
  userId: number,
  checked: CheckedArchive,
): Promise<NewFile[]> {
  const { archive } = checked
  const written: string[] = []
  try {
    const rows = []
    for (const [index, item] of checked.planned.entries()) {
      const token = memberToken(archive, index)
      const r2Key = `uploads/${token}`
      written.push(r2Key)
      const hashes = await storeMember(bucket, archive.r2Key, item, r2Key)
      rows.push({
        token,
        userId,
        fileName: item.path,
        contentLength: item.member.size,
        r2Key,
        sha256: hashes.sha256,
        md5: hashes.md5,
        expiresAt: archive.expiresAt,
      })
    }
    await commitUnpackedUploads(db, archive.token, rows)
    await bucket
      .delete(archive.r2Key)
      .catch((err: unknown) =>
        console.error(`archive ${archive.token}: ${err instanceof Error ? err.message : err}`),
      )
    return rows.map(unpackedFile)
  } catch (err) {
    await Promise.all(written.map((key) => bucket.delete(key).catch(() => {})))
    throw err
  }
}

/** Unpacks within the create call: refusals as the call's answer, nothing left behind. */
export async function unpackInCall(
  c: Context<AppEnv>,
  userId: number,
  checked: CheckedArchive,
): Promise<NewFile[]> {
  try {
    return await unpackMembers(c.var.db, c.env.BUCKET, userId, checked)
  } catch (err) {
    return refuseOrRestore(c.var.db, c.env.BUCKET, checked.archive, err)
  }
}
