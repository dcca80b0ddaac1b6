// Values written into copy-paste code, quoted for the language they land in. Names and URLs come
// from upstream archives and are hostile: quoting is what keeps them data.

/** A POSIX shell word: single quotes, where nothing is special but the quote itself. */
export function shellWord(value: string) {
  return `'${value.replaceAll("'", `'\\''`)}'`
}

/**
 * A double-quoted Python 3 str literal. Everything outside printable ASCII is escaped, so no
 * character can end the line or the literal, or read differently in an editor.
 */
export function pythonString(value: string) {
  return `"${escapeWith(value, (cp) => (cp > 0xffff ? `\\U${hex(cp, 8)}` : `\\u${hex(cp, 4)}`))}"`
}

/** A double-quoted JavaScript string literal, escaped as pythonString. */
export function jsString(value: string) {
  return `"${escapeWith(value, (cp) => (cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${hex(cp, 4)}`))}"`
}

const hex = (cp: number, width: number) => cp.toString(16).padStart(width, '0')

function escapeWith(value: string, escape: (codePoint: number) => string) {
  let out = ''
  for (const ch of value) {
    const cp = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (cp >= 0x20 && cp < 0x7f) out += ch
    else out += escape(cp)
  }
  return out
}

/**
 * The lines that point kagglehub at a Modelport: shared by the model page's starter code and a
 * new notebook's first cell. kagglehub 0.3.x reads KAGGLE_API_ENDPOINT and speaks the legacy REST
 * paths Modelport serves.
 */
export function kagglehubSetup(origin: string) {
  return [
    '# pip install "kagglehub<0.4"  (0.3.x reads KAGGLE_API_ENDPOINT)',
    'import os',
    '',
    `os.environ["KAGGLE_API_ENDPOINT"] = ${pythonString(origin)}`,
    'import kagglehub',
  ].join('\n')
}
