// The Range header of RFC 9110 (section 14) for one representation of a known size.

export interface ByteRange {
  /** first byte, inclusive */
  start: number
  /** last byte, inclusive */
  end: number
}

/**
 * What to send for a `Range` header:
 * - `full`: the whole representation as 200 (no header, a unit other than bytes, a header that
 *   does not parse, or several ranges that stay apart after merging: RFC 9110 section 14.2 lets a
 *   server ignore Range, and one 200 is what every client copes with);
 * - `partial`: one range as 206, overlapping and adjacent ranges merged into it;
 * - `unsatisfiable`: 416, no range in the set overlaps the representation.
 */
export type RangeDecision =
  { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' }

// many tiny ranges cost more to parse than the whole body costs to send
const maxRanges = 100

export function decideRange(header: string | null, size: number): RangeDecision {
  const full = { kind: 'full' } as const
  if (header === null) return full
  const match = /^bytes[ \t]*=[ \t]*(.*)$/i.exec(header.trim())
  if (!match) return full
  const specs = match[1]!.split(',').map((spec) => spec.trim())
  if (specs.length > maxRanges) return full
  const ranges: ByteRange[] = []
  let empty = true
  for (const spec of specs) {
    if (spec === '') continue // the list grammar allows empty elements
    empty = false
    const parts = /^(\d*)-(\d*)$/.exec(spec)
    if (!parts || (parts[1] === '' && parts[2] === '')) return full
    const first = parts[1] === '' ? undefined : Number(parts[1])
    const last = parts[2] === '' ? undefined : Number(parts[2])
    if (first === undefined) {
      // suffix-range: the last n bytes; satisfiable when n > 0
      if (last! > 0 && size > 0) ranges.push({ start: Math.max(0, size - last!), end: size - 1 })
      else if (last! > 0 && size === 0) return full // the only satisfiable range of nothing
      continue
    }
    // an int-range whose last is below its first is invalid: the whole header is ignored
    if (last !== undefined && last < first) return full
    if (first < size) ranges.push({ start: first, end: Math.min(last ?? size - 1, size - 1) })
  }
  if (empty) return full
  if (ranges.length === 0) return { kind: 'unsatisfiable' }
  const merged = mergeRanges(ranges)
  return merged.length === 1 ? { kind: 'partial', range: merged[0]! } : full
}

/** Sorted, with overlapping and adjacent ranges joined. */
function mergeRanges(ranges: ByteRange[]) {
  const sorted = [...ranges].sort((a, b) => a.start - b.start)
  const out: ByteRange[] = [{ ...sorted[0]! }]
  for (const range of sorted.slice(1)) {
    const last = out[out.length - 1]!
    if (range.start <= last.end + 1) last.end = Math.max(last.end, range.end)
    else out.push({ ...range })
  }
  return out
}
