// The parts of an upload in flight (worker/publish/part-uploads.ts) against real D1: parts that
// complete out of order are recorded only once the gap before them is filled, all in one write,
// so the resume probe never claims bytes that are not stored.
import { describe, expect, it } from 'vitest'
import { getUploadSession, type StoredPart } from '../../db/queries/uploads'
import { partUploads, uploadPartSize } from '../../worker/publish/part-uploads'
import { db } from './helpers'
import { makePublisher, probe, startUpload } from './publish-helpers'

/** A multipart upload whose parts finish when the test says so. */
function heldMultipart() {
  const release = new Map<number, (fail?: Error) => void>()
  const started: number[] = []
  return {
    started,
    finish: (n: number, fail?: Error) => release.get(n)!(fail),
    uploadPart(partNumber: number, _bytes: unknown) {
      started.push(partNumber)
      return new Promise<R2UploadedPart>((resolve, reject) =>
        release.set(partNumber, (fail) =>
          fail ? reject(fail) : resolve({ partNumber, etag: `etag-${partNumber}` }),
        ),
      )
    },
  }
}

const tick = () => new Promise((r) => setTimeout(r, 20))

describe('parts in flight', () => {
  it('records parts in order as they complete, and at most three upload at once', async () => {
    const me = await makePublisher()
    const size = 5 * uploadPartSize
    const started = await startUpload(me.auth, 'p.bin', size)
    const multipart = heldMultipart()
    const parts: StoredPart[] = []
    const uploads = partUploads(db(), started.token, multipart, parts, 0)
    const part = new Uint8Array(uploadPartSize)
    await uploads.add(part)
    await uploads.add(part)
    await uploads.add(part)
    // a fourth waits for a free slot
    let fourth = false
    const adding = uploads.add(part).then(() => (fourth = true))
    await tick()
    expect(multipart.started).toEqual([1, 2, 3])
    expect(fourth).toBe(false)

    // part 2 done first: nothing recorded, the probe claims nothing
    multipart.finish(2)
    await adding
    expect(multipart.started).toEqual([1, 2, 3, 4])
    expect(uploads.received()).toBe(0)
    expect((await probe(started.createUrl, size)).headers.get('range')).toBeNull()

    // part 1 done: parts 1 and 2 recorded together
    multipart.finish(1)
    await tick()
    expect(uploads.received()).toBe(2 * uploadPartSize)
    const session = await getUploadSession(db(), started.token)
    expect(session).toMatchObject({ receivedBytes: 2 * uploadPartSize })
    expect(JSON.parse(session!.partsJson)).toEqual([
      { partNumber: 1, etag: 'etag-1' },
      { partNumber: 2, etag: 'etag-2' },
    ])
    expect((await probe(started.createUrl, size)).headers.get('range')).toBe(
      `bytes=0-${2 * uploadPartSize - 1}`,
    )

    // part 4 done, part 3 fails (the connection dropped): part 4 is lost, the record stays at 2
    multipart.finish(4)
    await tick()
    multipart.finish(3, new Error('network connection lost'))
    await expect(uploads.finish()).rejects.toThrow('network connection lost')
    expect(uploads.received()).toBe(2 * uploadPartSize)
    expect(await getUploadSession(db(), started.token)).toMatchObject({
      receivedBytes: 2 * uploadPartSize,
    })
    await expect(uploads.add(part)).rejects.toThrow('network connection lost')
  })
})
