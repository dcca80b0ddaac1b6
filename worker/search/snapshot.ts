// The search's facet index (facet-index.ts) as one object in R2, so that a Worker
// isolate's first search reads it as typed arrays instead of asking D1 for every facet row: at
// 100,000 models that load is 0.4 s of SQL on the database every search shares, and 10 MB of
// text through D1 to parse. The cron writes the snapshot after each TF Hub sync, and an operator
// can (POST /api/v1/admin/search/snapshot). A snapshot may be behind the catalog: the search
// brings it up to date from the change log as it does any index, and loads from D1 when the log
// no longer reaches back to it.
import type { Db } from '../../db/client'
import { FacetIndex, readFacetHead, readFacetIndexData, type FacetIndexData } from './facet-index'

export const facetSnapshotKey = 'search/facet-index.bin'

const magic = 0x4946_504d // the bytes "MPFI"
const formatVersion = 1

/*
 * Layout, little-endian (as typed arrays are on every platform Workers run on):
 *   u32 magic, u32 version, u32 header length, the header as JSON (UTF-8), zeros up to a multiple of 8,
 *   f64 × listed   sizes of the listed models' latest versions
 *   i32 × Σ counts  each facet's models, facet after facet
 *   i32 × listed   the listed models
 *   u8  × listed   their doc scores
 */
interface Header {
  seq: number
  salt: number | null
  names: string[]
  counts: number[]
  listed: number
}

export function encodeFacetSnapshot(data: FacetIndexData): Uint8Array {
  const header: Header = {
    seq: data.seq,
    salt: data.salt,
    names: data.names,
    counts: data.postings.map((p) => p.length),
    listed: data.listed.ids.length,
  }
  const json = new TextEncoder().encode(JSON.stringify(header))
  const start = align8(12 + json.length)
  const facetRows = header.counts.reduce((a, b) => a + b, 0)
  const bytes = new Uint8Array(start + header.listed * 8 + facetRows * 4 + header.listed * 5)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, magic, true)
  view.setUint32(4, formatVersion, true)
  view.setUint32(8, json.length, true)
  bytes.set(json, 12)
  let at = start
  new Float64Array(bytes.buffer, at, header.listed).set(data.listed.sizes)
  at += header.listed * 8
  for (const ids of data.postings) {
    new Int32Array(bytes.buffer, at, ids.length).set(ids)
    at += ids.length * 4
  }
  new Int32Array(bytes.buffer, at, header.listed).set(data.listed.ids)
  at += header.listed * 4
  bytes.set(data.listed.docs, at)
  return bytes
}

/** The data a snapshot holds, as views into its bytes; throws on anything but a whole snapshot of this format. */
export function decodeFacetSnapshot(buffer: ArrayBuffer): FacetIndexData {
  const view = new DataView(buffer)
  if (buffer.byteLength < 12 || view.getUint32(0, true) !== magic)
    throw new Error('not a facet index snapshot')
  if (view.getUint32(4, true) !== formatVersion)
    throw new Error(`snapshot format ${view.getUint32(4, true)}, expected ${formatVersion}`)
  const jsonLength = view.getUint32(8, true)
  const header = JSON.parse(
    new TextDecoder().decode(
      new Uint8Array(buffer, 12, Math.min(jsonLength, buffer.byteLength - 12)),
    ),
  ) as Header
  const facetRows = header.counts.reduce((a, b) => a + b, 0)
  let at = align8(12 + jsonLength)
  if (
    header.names.length !== header.counts.length ||
    buffer.byteLength !== at + header.listed * 13 + facetRows * 4
  ) {
    throw new Error('snapshot is cut short or inconsistent')
  }
  const sizes = new Float64Array(buffer, at, header.listed)
  at += header.listed * 8
  const postings = header.counts.map((count) => {
    const ids = new Int32Array(buffer, at, count)
    at += count * 4
    return ids
  })
  const ids = new Int32Array(buffer, at, header.listed)
  at += header.listed * 4
  const docs = new Uint8Array(buffer, at, header.listed)
  return {
    seq: header.seq,
    salt: header.salt,
    names: header.names,
    postings,
    listed: { ids, sizes, docs },
  }
}

const align8 = (n: number) => Math.ceil(n / 8) * 8

/**
 * Writes the index as the database holds it now, unless the snapshot in R2 is of the same point
 * in the change log already.
 */
export async function writeFacetSnapshot(
  db: Db,
  bucket: R2Bucket,
): Promise<{ written: boolean; seq: number; bytes: number }> {
  const head = await readFacetHead(db)
  const stored = await bucket.head(facetSnapshotKey)
  if (
    stored &&
    stored.customMetadata?.seq === String(head.seq) &&
    stored.customMetadata?.salt === String(head.salt)
  ) {
    return { written: false, seq: head.seq, bytes: stored.size }
  }
  const data = await readFacetIndexData(db)
  const bytes = encodeFacetSnapshot(data)
  await bucket.put(facetSnapshotKey, bytes, {
    httpMetadata: { contentType: 'application/octet-stream' },
    customMetadata: { seq: String(data.seq), salt: String(data.salt) },
  })
  return { written: true, seq: data.seq, bytes: bytes.byteLength }
}

// concurrent first searches of an isolate share one read
let reading: Promise<void> | undefined

/** Before a search: an isolate without an index takes the snapshot's, when there is a readable one. */
export async function warmFacetIndex(bucket: R2Bucket) {
  if (FacetIndex.ready) return
  reading ??= readSnapshot(bucket).finally(() => (reading = undefined))
  await reading
}

async function readSnapshot(bucket: R2Bucket) {
  try {
    const object = await bucket.get(facetSnapshotKey)
    if (object) FacetIndex.adopt(decodeFacetSnapshot(await object.arrayBuffer()))
  } catch (err) {
    // the search loads its index from D1 instead
    console.warn(
      `facet index snapshot not used: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
}
