// stageStream (worker/services/staged-upload.ts) against the real local R2: a stream whose pieces
// do not line up with the part size (a tar.gz being written, a fetch's body) is cut into parts of
// exactly one size but the last, which R2 requires to complete the upload; the stored object is
// the stream's bytes with their sha256.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { stageStream } from '../../worker/services/staged-upload'

const MiB = 1024 * 1024

/** Pieces of the given sizes, every byte its index modulo 251. */
function pieces(sizes: number[]) {
  let offset = 0
  let next = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next === sizes.length) return controller.close()
      const size = sizes[next++]!
      const piece = new Uint8Array(size)
      for (let i = 0; i < size; i++) piece[i] = (offset + i) % 251
      offset += size
      controller.enqueue(piece)
    },
  })
}

async function sha256Hex(bytes: ArrayBuffer) {
  const digest = await crypto.subtle.digest('SHA-256', bytes)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

describe('stageStream', () => {
  it('stores 21 MiB + 3 bytes arriving in pieces of uneven sizes as parts of one size', async () => {
    // cut at each 8 MiB and sent as they came, these would be parts of 10, 9 and 2 MiB
    const sizes = [5 * MiB, 5 * MiB, 3 * MiB, 6 * MiB + 1, 2 * MiB + 2]
    const staged = await stageStream(env.BUCKET, 'test/staged/uneven', pieces(sizes))
    const stored = await env.BUCKET.get('test/staged/uneven')
    const bytes = await stored!.arrayBuffer()
    expect(bytes.byteLength).toBe(21 * MiB + 3)
    expect(staged.size).toBe(bytes.byteLength)
    expect(staged.sha256).toBe(await sha256Hex(bytes))
    const view = new Uint8Array(bytes)
    expect([view[0], view[8 * MiB], view[bytes.byteLength - 1]]).toEqual([
      0,
      (8 * MiB) % 251,
      (bytes.byteLength - 1) % 251,
    ])
  })

  it('stores an empty stream as an empty object', async () => {
    const staged = await stageStream(env.BUCKET, 'test/staged/empty', pieces([]))
    expect(staged.size).toBe(0)
    expect((await env.BUCKET.head('test/staged/empty'))!.size).toBe(0)
  })
})
