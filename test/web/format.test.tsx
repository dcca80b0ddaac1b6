import { describe, expect, it } from 'vitest'
import { formatCount } from '../../web/src/lib/format'

describe('formatCount', () => {
  it("writes counts as Intl's compact notation does", () => {
    const intl = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })
    const edges = [0, 1, 5, 999, 1000, 1049, 1050, 1234, 9999, 12345, 99949, 99950, 123456, 999499, 999500, 999949, 999950, 1e6, 1234567, 999950000, 1e9, 1.5e12, 2.5e15, -1234]
    // and every power of ten's neighbourhood, plus a spread of values
    const spread = Array.from({ length: 5000 }, (_, i) => Math.round(1.37 ** (i / 100)) + (i % 7))
    for (const n of [...edges, ...spread]) expect(formatCount(n), String(n)).toBe(intl.format(n))
  })
})
