// Sets of model ids as bitsets (bit id % 32 of word id / 32), which the facet index combines
// and counts a word at a time, and as one bound parameter that a page's statement tests.
import { sql, type SQL } from 'drizzle-orm'

/** A bitset of these ids, of at least `words` words (more if an id needs them). */
export function bitsetOf(ids: Int32Array, words: number) {
  const bits = new Uint32Array(Math.max(words, ids.length ? (ids[ids.length - 1]! >>> 5) + 1 : 0))
  for (const id of ids) setBit(bits, id)
  return bits
}

/** The ids whose bits are set, ascending. */
export function members(bits: Uint32Array) {
  let n = 0
  for (let w = 0; w < bits.length; w++) n += popcount(bits[w]!)
  const out = new Int32Array(n)
  let k = 0
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!
    while (word) {
      out[k++] = (w << 5) | (31 - Math.clz32(word & -word))
      word &= word - 1
    }
  }
  return out
}

export function popcount(x: number) {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
}

export function and(into: Uint32Array, other: Uint32Array) {
  for (let w = 0; w < into.length; w++) into[w]! &= other[w] ?? 0
}

export function grown(bits: Uint32Array, words: number) {
  const out = new Uint32Array(words)
  out.set(bits)
  return out
}

export const setBit = (bits: Uint32Array, id: number) => (bits[id >>> 5]! |= 1 << (id & 31))
export const clearBit = (bits: Uint32Array, id: number) => (bits[id >>> 5]! &= ~(1 << (id & 31)))
export const hasBit = (bits: Uint32Array, id: number) =>
  id >>> 5 < bits.length && (bits[id >>> 5]! & (1 << (id & 31))) !== 0

// ---- in a statement ------------------------------------------------------------------------
//
// A set of model ids as one bound parameter that a statement tests in constant time per row: the
// facet index's matches, for a page that walks a sort's index and keeps them. A JSON list of ids
// would first be parsed into an ephemeral index (14 ms for 13,000 ids, 26 ms for 60,000, at
// 100,000 models); this is 1/6 byte per model of the catalog and needs no building.
//
// Character k holds ids 6k … 6k+5 as bits 0–5 of its code, plus 64: every character is ASCII from
// '@' to DEL. Cast to a blob, substr finds a character by its byte offset (on text, it would count
// characters from the start for every row); SQLite casts a parameter once per statement.
const idsPerChar = 6

/** The ids of a bitset (bit id % 32 of word id / 32) as the text inIdSet tests. */
export function idSetText(bits: Uint32Array): string {
  let last = bits.length - 1
  while (last >= 0 && bits[last] === 0) last--
  const chars = new Uint8Array(Math.ceil(((last + 1) * 32) / idsPerChar))
  for (let k = 0; k < chars.length; k++) {
    const first = k * idsPerChar
    const word = first >>> 5
    const shift = first & 31
    // the six bits may run from one word into the next
    const low = bits[word]! >>> shift
    const high =
      shift > 32 - idsPerChar && word + 1 < bits.length ? bits[word + 1]! << (32 - shift) : 0
    chars[k] = 64 | ((low | high) & 63)
  }
  return new TextDecoder().decode(chars)
}

/** True (1) where the id is in the set; an id beyond the text's end is not. */
export const inIdSet = (id: SQL, set: string) => {
  const per = sql.raw(String(idsPerChar))
  return sql`(unicode(substr(cast(${set} as blob), ${id} / ${per} + 1, 1)) >> (${id} % ${per})) & 1`
}
