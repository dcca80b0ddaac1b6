// Text from the catalog (titles, cards, search queries) written into HTML the Worker serves.

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text for an element's content or a quoted attribute value. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => htmlEntities[ch]!)

/**
 * JSON for a <script type="application/ld+json"> block: nothing in it can close the element or
 * open a comment (`</script>`, `<!--`), and the line separators JSON allows but JS did not are
 * escaped as well.
 */
export const jsonForScript = (value: unknown) =>
  JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
