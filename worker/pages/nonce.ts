/** A CSP nonce: 128 random bits, base64. */
export const newNonce = () =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
