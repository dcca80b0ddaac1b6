/** decodeURIComponent that never throws: a malformed %-sequence (`#%E0`) is kept as written */
export function safeDecode(text: string) {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
