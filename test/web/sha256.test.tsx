// The browser's resumable SHA-256 (web/src/lib/upload/sha256.ts) against node's, fed in pieces
// and taken up again from a saved state, as an upload resumed after a reload does.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Sha256 } from '../../web/src/lib/upload/sha256'

const bytes = (n: number, seed: number) => {
  const out = new Uint8Array(n)
  let x = seed
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24
  return out
}
const reference = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

describe('Sha256', () => {
  it.each([0, 1, 55, 56, 63, 64, 65, 119, 128, 1000, 100_003])('%i bytes', (n) => {
    const data = bytes(n, n + 1)
    expect(new Sha256().update(data).hex()).toBe(reference(data))
  })

  it('is the same fed in odd pieces, and from a saved state as JSON', () => {
    const data = bytes(300_001, 9)
    const cuts = [0, 7, 64, 1000, 1001, 65_536, 200_000, data.length]
    let hash = new Sha256()
    for (let i = 1; i < cuts.length; i++) {
      hash.update(data.subarray(cuts[i - 1], cuts[i]))
      hash = new Sha256(JSON.parse(JSON.stringify(hash.state())))
    }
    expect(hash.bytes).toBe(data.length)
    expect(hash.hex()).toBe(reference(data))
  })
})
