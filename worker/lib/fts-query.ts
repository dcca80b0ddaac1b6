/**
 * Turns any user string into a safe FTS5 MATCH expression: words only (letters and digits of any
 * script), each quoted, all required, the last one as a prefix so results follow typing.
 * Returns undefined when the string has no words. Never produces an FTS syntax error.
 */
export function toFtsQuery(input: string): string | undefined {
  const words = input.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 16)
  if (!words?.length) return undefined
  return words.map((word, i) => `"${word}"${i === words.length - 1 ? '*' : ''}`).join(' ')
}
