// A zip file's central directory, read from its end: the members' names, methods, sizes, CRCs
// and where their local headers are, with ZIP64 (as Python's zipfile writes it for big files and
// many members). Only what the directory says is trusted for sizes; data descriptors (bit 3)
// therefore need no special reading. Everything malformed or unsupported is a ZipRefused.

/** Why a zip was refused; the message is safe to show (no member name in it). */
export class ZipRefused extends Error {}

export interface ZipMember {
  /** the name as stored (UTF-8, or ASCII), not yet checked */
  name: string
  nameBytes: Uint8Array
  /** 0 stored, 8 deflated */
  method: 0 | 8
  crc32: number
  compressedSize: number
  size: number
  localHeaderOffset: number
  isDirectory: boolean
}

export interface ZipDirectory {
  members: ZipMember[]
  /** where the central directory starts: no member's data may reach past it */
  directoryOffset: number
}

const eocdSignature = 0x06054b50
const zip64LocatorSignature = 0x07064b50
const zip64EocdSignature = 0x06064b50
const centralSignature = 0x02014b50
const eocdBytes = 22
const maxCommentBytes = 0xffff
const zip64LocatorBytes = 20
const zip64EocdBytes = 56
const u16max = 0xffff
const u32max = 0xffffffff

/** How many bytes from the end hold the end-of-directory records, whatever the comment. */
export const zipTailBytes = (size: number) =>
  Math.min(size, eocdBytes + maxCommentBytes + zip64LocatorBytes)

const u64 = (view: DataView, at: number) => {
  const n = view.getUint32(at + 4, true) * 2 ** 32 + view.getUint32(at, true)
  if (!Number.isSafeInteger(n)) throw new ZipRefused('a size or offset in the zip is too large')
  return n
}

interface DirectoryPlace {
  count: number
  offset: number
  size: number
  /** where the end records begin (the ZIP64 record, or the classic one) */
  end: number
}

/**
 * Finds the central directory from the file's last `zipTailBytes` bytes; `readAt` reads the
 * ZIP64 end record when there is one.
 */
export async function locateDirectory(
  tail: Uint8Array,
  fileSize: number,
  readAt: (offset: number, length: number) => Promise<Uint8Array>,
): Promise<DirectoryPlace> {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength)
  const tailStart = fileSize - tail.length
  let at = -1
  // the last record whose comment runs exactly to the end of the file
  for (let i = tail.length - eocdBytes; i >= 0; i--)
    if (
      view.getUint32(i, true) === eocdSignature &&
      i + eocdBytes + view.getUint16(i + 20, true) === tail.length
    ) {
      at = i
      break
    }
  if (at < 0) throw new ZipRefused('not a zip file (no end of central directory)')
  const disk = view.getUint16(at + 4, true)
  const directoryDisk = view.getUint16(at + 6, true)
  let count = view.getUint16(at + 10, true)
  let size: number = view.getUint32(at + 12, true)
  let offset: number = view.getUint32(at + 16, true)
  let end = tailStart + at
  if (disk !== 0 || directoryDisk !== 0 || view.getUint16(at + 8, true) !== count)
    throw new ZipRefused('multi-disk zip files are not supported')
  const locatorAt = at - zip64LocatorBytes
  if (locatorAt >= 0 && view.getUint32(locatorAt, true) === zip64LocatorSignature) {
    const recordOffset = u64(view, locatorAt + 8)
    if (recordOffset + zip64EocdBytes > tailStart + locatorAt)
      throw new ZipRefused('the ZIP64 end record is out of place')
    const record = await readAt(recordOffset, zip64EocdBytes)
    const r = new DataView(record.buffer, record.byteOffset, record.byteLength)
    if (record.length < zip64EocdBytes || r.getUint32(0, true) !== zip64EocdSignature)
      throw new ZipRefused('the ZIP64 end record is missing')
    if (r.getUint32(16, true) !== 0 || r.getUint32(20, true) !== 0)
      throw new ZipRefused('multi-disk zip files are not supported')
    count = u64(r, 32)
    if (u64(r, 24) !== count) throw new ZipRefused('multi-disk zip files are not supported')
    size = u64(r, 40)
    offset = u64(r, 48)
    end = recordOffset
  } else if (count === u16max || size === u32max || offset === u32max) {
    throw new ZipRefused('the ZIP64 end record is missing')
  }
  if (offset + size > end) throw new ZipRefused('the central directory is out of place')
  return { count, offset, size, end }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function memberName(bytes: Uint8Array, utf8Flag: boolean) {
  if (!utf8Flag && bytes.some((b) => b >= 0x80))
    throw new ZipRefused('a member name is not marked as UTF-8')
  try {
    return utf8.decode(bytes)
  } catch {
    throw new ZipRefused('a member name is not valid UTF-8')
  }
}

/** The members listed by the central directory `bytes` (which must hold `count` records). */
export function parseDirectory(bytes: Uint8Array, place: DirectoryPlace): ZipDirectory {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const members: ZipMember[] = []
  let at = 0
  for (let n = 0; n < place.count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== centralSignature)
      throw new ZipRefused('the central directory is malformed')
    const flags = view.getUint16(at + 8, true)
    const method = view.getUint16(at + 10, true)
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    const next = at + 46 + nameLength + extraLength + commentLength
    if (next > bytes.length) throw new ZipRefused('the central directory is malformed')
    if (flags & 0x41) throw new ZipRefused('encrypted zip members are not supported')
    if (method !== 0 && method !== 8)
      throw new ZipRefused(
        `zip compression method ${method} is not supported (only stored and deflated)`,
      )
    let size: number = view.getUint32(at + 24, true)
    let compressedSize: number = view.getUint32(at + 20, true)
    let localHeaderOffset: number = view.getUint32(at + 42, true)
    if (view.getUint16(at + 34, true) !== 0 && view.getUint16(at + 34, true) !== u16max)
      throw new ZipRefused('multi-disk zip files are not supported')
    // ZIP64 extra field: the 8-byte values of the fields that read 0xFFFFFFFF, in this order
    const extraEnd = at + 46 + nameLength + extraLength
    for (let e = at + 46 + nameLength; e + 4 <= extraEnd;) {
      const id = view.getUint16(e, true)
      const length = view.getUint16(e + 2, true)
      if (e + 4 + length > extraEnd) throw new ZipRefused('a zip extra field is malformed')
      if (id === 0x0001) {
        let f = e + 4
        const take = () => {
          if (f + 8 > e + 4 + length) throw new ZipRefused('a ZIP64 extra field is too short')
          const value = u64(view, f)
          f += 8
          return value
        }
        if (size === u32max) size = take()
        if (compressedSize === u32max) compressedSize = take()
        if (localHeaderOffset === u32max) localHeaderOffset = take()
      }
      e += 4 + length
    }
    if (size === u32max || compressedSize === u32max || localHeaderOffset === u32max)
      throw new ZipRefused('a ZIP64 member has no ZIP64 extra field')
    if (method === 0 && size !== compressedSize)
      throw new ZipRefused('a stored zip member has two different sizes')
    const nameBytes = bytes.slice(at + 46, at + 46 + nameLength)
    const name = memberName(nameBytes, (flags & 0x800) !== 0)
    members.push({
      name,
      nameBytes,
      method,
      crc32: view.getUint32(at + 16, true),
      compressedSize,
      size,
      localHeaderOffset,
      isDirectory: name.endsWith('/'),
    })
    at = next
  }
  return { members, directoryOffset: place.offset }
}

/**
 * The members in file order, each with the offset its data may not pass (the next member's
 * local header, or the central directory): overlapping members, the trick of the smallest zip
 * bombs, are refused.
 */
export function membersInOrder(directory: ZipDirectory) {
  const sorted = [...directory.members].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)
  return sorted.map((member, i) => {
    const limit =
      i + 1 < sorted.length ? sorted[i + 1]!.localHeaderOffset : directory.directoryOffset
    if (member.localHeaderOffset + 30 + member.nameBytes.length + member.compressedSize > limit)
      throw new ZipRefused('zip members overlap or run into the central directory')
    return { member, limit }
  })
}

const localSignature = 0x04034b50

/**
 * Where a member's data starts, from its local header (`header` holds at least its first
 * 30 + name bytes): the header must agree with the directory on the name and method, and the
 * data must end before `limit`.
 */
export function memberDataStart(header: Uint8Array, member: ZipMember, limit: number) {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength)
  if (header.length < 30 || view.getUint32(0, true) !== localSignature)
    throw new ZipRefused('a zip member has no local header')
  const nameLength = view.getUint16(26, true)
  const extraLength = view.getUint16(28, true)
  const name = header.subarray(30, 30 + nameLength)
  if (
    view.getUint16(8, true) !== member.method ||
    nameLength !== member.nameBytes.length ||
    name.length !== nameLength ||
    name.some((b, i) => b !== member.nameBytes[i])
  )
    throw new ZipRefused('a zip member’s local header disagrees with the central directory')
  const start = member.localHeaderOffset + 30 + nameLength + extraLength
  if (start + member.compressedSize > limit)
    throw new ZipRefused('zip members overlap or run into the central directory')
  return start
}
