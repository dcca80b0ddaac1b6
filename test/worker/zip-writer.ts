// Zip files for the unpacking tests, written as Python's zipfile writes them (stored or
// deflated; to an unseekable stream with data descriptors, bit 3; ZIP64 end records and extra
// fields) and, on request, with lies in them.
import { deflateRaw } from 'pako'
import { crc32 } from '../../worker/lib/crc32'

export interface ZipEntry {
  name: string
  data: Uint8Array
  method?: 0 | 8
  /** bit 3: sizes and CRC 0 in the local header, a data descriptor after the data */
  descriptor?: boolean
  /** ZIP64 extra fields in both headers (sizes and offset as 0xFFFFFFFF) */
  zip64?: boolean
  /** what the central directory says, in place of the truth */
  claim?: { size?: number; compressedSize?: number; crc32?: number; offset?: number }
  /** raw name bytes, when the name is not UTF-8 */
  nameBytes?: Uint8Array
  utf8Flag?: boolean
}

const le = (bytes: number, value: number) => {
  const out = new Uint8Array(bytes)
  const view = new DataView(out.buffer)
  if (bytes === 2) view.setUint16(0, value, true)
  else if (bytes === 4) view.setUint32(0, value >>> 0, true)
  else {
    view.setUint32(0, value % 2 ** 32, true)
    view.setUint32(4, Math.floor(value / 2 ** 32), true)
  }
  return out
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export function zipOf(
  entries: ZipEntry[],
  options: { zip64End?: boolean; comment?: string } = {},
): Uint8Array {
  const locals: Uint8Array[] = []
  const centrals: Uint8Array[] = []
  let offset = 0
  for (const e of entries) {
    const method = e.method ?? 0
    const body = method === 8 ? deflateRaw(e.data) : e.data
    const crc = crc32(e.data)
    const name = e.nameBytes ?? new TextEncoder().encode(e.name)
    const flags =
      (e.descriptor ? 0x08 : 0) |
      ((e.utf8Flag ?? [...e.name].some((ch) => ch.charCodeAt(0) > 0x7f)) ? 0x800 : 0)
    const sizeField = (n: number) => (e.zip64 ? 0xffffffff : n)
    const localExtra = e.zip64
      ? concat([le(2, 1), le(2, 16), le(8, e.data.length), le(8, body.length)])
      : new Uint8Array(0)
    const local = concat([
      le(4, 0x04034b50),
      le(2, e.zip64 ? 45 : 20),
      le(2, flags),
      le(2, method),
      le(4, 0),
      le(4, e.descriptor ? 0 : crc),
      le(4, e.descriptor ? 0 : sizeField(body.length)),
      le(4, e.descriptor ? 0 : sizeField(e.data.length)),
      le(2, name.length),
      le(2, localExtra.length),
      name,
      localExtra,
      body,
      e.descriptor
        ? e.zip64
          ? concat([le(4, 0x08074b50), le(4, crc), le(8, body.length), le(8, e.data.length)])
          : concat([le(4, 0x08074b50), le(4, crc), le(4, body.length), le(4, e.data.length)])
        : new Uint8Array(0),
    ])
    const claim = e.claim ?? {}
    const size = claim.size ?? e.data.length
    const compressedSize = claim.compressedSize ?? body.length
    const at = claim.offset ?? offset
    const centralExtra = e.zip64
      ? concat([le(2, 1), le(2, 24), le(8, size), le(8, compressedSize), le(8, at)])
      : new Uint8Array(0)
    centrals.push(
      concat([
        le(4, 0x02014b50),
        le(2, 0x0314),
        le(2, e.zip64 ? 45 : 20),
        le(2, flags),
        le(2, method),
        le(4, 0),
        le(4, claim.crc32 ?? crc),
        le(4, sizeField(compressedSize)),
        le(4, sizeField(size)),
        le(2, name.length),
        le(2, centralExtra.length),
        le(2, 0),
        le(2, 0),
        le(2, 0),
        le(4, 0),
        le(4, sizeField(at)),
        name,
        centralExtra,
      ]),
    )
    locals.push(local)
    offset += local.length
  }
  const directory = concat(centrals)
  const comment = new TextEncoder().encode(options.comment ?? '')
  const end: Uint8Array[] = []
  if (options.zip64End) {
    const recordAt = offset + directory.length
    end.push(
      concat([
        le(4, 0x06064b50),
        le(8, 44),
        le(2, 45),
        le(2, 45),
        le(4, 0),
        le(4, 0),
        le(8, entries.length),
        le(8, entries.length),
        le(8, directory.length),
        le(8, offset),
      ]),
      concat([le(4, 0x07064b50), le(4, 0), le(8, recordAt), le(4, 1)]),
    )
  }
  end.push(
    concat([
      le(4, 0x06054b50),
      le(2, 0),
      le(2, 0),
      le(2, options.zip64End ? 0xffff : entries.length),
      le(2, options.zip64End ? 0xffff : entries.length),
      le(4, options.zip64End ? 0xffffffff : directory.length),
      le(4, options.zip64End ? 0xffffffff : offset),
      le(2, comment.length),
      comment,
    ]),
  )
  return concat([...locals, directory, ...end])
}
