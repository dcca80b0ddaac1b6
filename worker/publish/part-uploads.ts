// The parts of one upload on their way to R2: up to `partsInFlight` uploading at once, recorded
// in D1 (upload_sessions.parts_json, received_bytes) strictly in order as they complete, all the
// parts that completed meanwhile in one write. The record is what the resume probe answers, so it
// never claims a part that is not stored, nor one after a gap; a dropped connection loses at most
// the parts in flight.
import type { Db } from '../../db/client'
import { recordParts, type StoredPart } from '../../db/queries/uploads'
import { ApiError } from '../errors'

// R2 wants every part but the last of one size, and at least 5 MiB
export const uploadPartSize = 8 * 1024 * 1024
// with the part filling, memory is at most (partsInFlight + 1) parts whatever the file size
const partsInFlight = 3

export type PartUploads = ReturnType<typeof partUploads>

export function partUploads(
  db: Db,
  token: string,
  multipart: Pick<R2MultipartUpload, 'uploadPart'>,
  parts: StoredPart[],
  receivedBytes: number,
) {
  let received = receivedBytes
  let queued = receivedBytes
  // uploaded, not yet recorded: part number → its etag and size
  const done = new Map<number, { etag: string; size: number }>()
  const inflight = new Set<Promise<void>>()
  let failure: unknown
  // D1 writes one after another, each from the record the previous one left
  let recording: Promise<void> = Promise.resolve()

  const record = () => {
    recording = recording.then(async () => {
      const from = received
      let next = from / uploadPartSize + 1
      let to = from
      const taken: StoredPart[] = []
      for (let part = done.get(next); part; part = done.get(++next)) {
        taken.push({ partNumber: next, etag: part.etag })
        to += part.size
        done.delete(next)
      }
      if (!taken.length) return
      parts.push(...taken)
      if (!(await recordParts(db, token, from, parts, to)))
        throw new ApiError('CONFLICT', 'another request is uploading this file')
      received = to
    })
    return recording
  }

  const upload = async (number: number, bytes: Uint8Array) => {
    const uploaded = await multipart.uploadPart(number, bytes)
    done.set(uploaded.partNumber, { etag: uploaded.etag, size: bytes.length })
    await record()
  }

  return {
    /** bytes recorded: what the probe answers */
    received: () => received,
    /** Starts uploading the next part; waits while `partsInFlight` are uploading. */
    async add(bytes: Uint8Array) {
      while (inflight.size >= partsInFlight && failure === undefined)
        await Promise.race(inflight).catch(() => {})
      if (failure !== undefined) throw failure
      const number = queued / uploadPartSize + 1
      queued += bytes.length
      const task = upload(number, bytes).then(
        () => {
          inflight.delete(task)
        },
        (err) => {
          inflight.delete(task)
          failure ??= err
        },
      )
      inflight.add(task)
    },
    /** Every part stored and recorded, or the first failure. */
    async finish() {
      await Promise.all(inflight)
      if (failure !== undefined) throw failure
    },
    /** Waits for the parts in flight, whatever becomes of them (the connection dropped). */
    async settle() {
      await Promise.all(inflight)
    },
  }
}
