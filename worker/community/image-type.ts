// The type of an uploaded image, from its first bytes: the Content-Type a client sends is not
// trusted, and SVG (which can carry script) is not an image type we accept.
const signatures: { type: string; test: (b: Uint8Array) => boolean }[] = [
  {
    type: 'image/png',
    test: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v),
  },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/gif',
    test: (b) => String.fromCharCode(...b.slice(0, 6)).match(/^GIF8[79]a$/) !== null,
  },
  {
    type: 'image/webp',
    test: (b) =>
      String.fromCharCode(...b.slice(0, 4)) === 'RIFF' &&
      String.fromCharCode(...b.slice(8, 12)) === 'WEBP',
  },
]

/** Bytes a sniff needs. */
export const sniffLength = 12

export function sniffImageType(head: Uint8Array) {
  return signatures.find((s) => s.test(head))?.type
}
