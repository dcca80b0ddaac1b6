import { describe, expect, it } from 'vitest'
import { formatCount, formatDate, formatNumber, formatRelative } from '../../web/src/lib/format'

// The formatters are written by hand (web/src/lib/format.ts says why); they must say what Intl's
// English formatters say.
describe('number, date and time formats', () => {
  const spread = Array.from({ length: 5000 }, (_, i) => Math.round(1.37 ** (i / 100)) + (i % 7))

  it("writes counts as Intl's compact notation does", () => {
    const intl = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })
    const edges = [
      0, 1, 5, 999, 1000, 1049, 1050, 1234, 9999, 12345, 99949, 99950, 123456, 999499, 999500,
      999949, 999950, 1e6, 1234567, 999950000, 1e9, 1.5e12, 2.5e15, -1234,
    ]
    for (const n of [...edges, ...spread]) expect(formatCount(n), String(n)).toBe(intl.format(n))
  })

  it('writes numbers as Intl.NumberFormat("en") does', () => {
    const intl = new Intl.NumberFormat('en')
    const edges = [
      0,
      7,
      999,
      1000,
      1001,
      123456,
      1234567,
      9007199254740991,
      -1,
      -1000,
      -1234567,
      0.5,
      1.25,
      1234.5678,
      -98765.4321,
      3.0004,
      NaN,
      Infinity,
    ]
    for (const n of [...edges, ...spread, ...spread.map((n) => n * 1037)])
      expect(formatNumber(n), String(n)).toBe(intl.format(n))
  })

  it('writes dates as Intl.DateTimeFormat("en", { dateStyle: "medium" }) does', () => {
    const intl = new Intl.DateTimeFormat('en', { dateStyle: 'medium' })
    for (
      let t = Date.UTC(1999, 11, 31, 23);
      t < Date.UTC(2031, 0, 1);
      t += 37 * 3600 * 1000 + 1234
    ) {
      const iso = new Date(t).toISOString()
      expect(formatDate(iso), iso).toBe(intl.format(new Date(t)))
    }
    expect(formatDate('not a date')).toBe('')
  })

  it('writes relative times as Intl.RelativeTimeFormat("en", { numeric: "auto" }) does', () => {
    const intl = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
    const steps = [
      ['year', 365 * 24 * 3600],
      ['month', 30 * 24 * 3600],
      ['week', 7 * 24 * 3600],
      ['day', 24 * 3600],
      ['hour', 3600],
      ['minute', 60],
    ] as const
    const byIntl = (seconds: number) => {
      for (const [unit, size] of steps)
        if (Math.abs(seconds) >= size) return intl.format(Math.round(seconds / size), unit)
      return 'just now'
    }
    const now = Date.UTC(2026, 10, 27, 12)
    for (let s = 1; s < 4e9; s = Math.ceil(s * 1.07)) {
      for (const seconds of [s, -s])
        expect(
          formatRelative(new Date(now + seconds * 1000).toISOString(), now),
          String(seconds),
        ).toBe(byIntl(seconds))
    }
  })
})
