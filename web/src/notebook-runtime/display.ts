// What display() and a cell's result show, as an nbformat MIME bundle: images (ImageData,
// ImageBitmap, OffscreenCanvas, and tensors shaped like one) as PNG, everything else as text.
// Runs in the notebook runner's worker.
import * as tf from '@tensorflow/tfjs'

export type MimeBundle = Record<string, string>

// a text output longer than this is cut (the server takes 2 Mi characters per output)
const maxText = 200_000
const cut = (s: string) => (s.length > maxText ? `${s.slice(0, maxText)}\n… (cut)` : s)

/** `[h, w, c]` or `[1, h, w, c]` with 1, 3 or 4 channels and at least 8×8 pixels. */
function imageShape(t: tf.Tensor) {
  const shape = t.rank === 4 && t.shape[0] === 1 ? t.shape.slice(1) : t.shape
  const [h = 0, w = 0, c = 0] = shape
  return shape.length === 3 && [1, 3, 4].includes(c) && h >= 8 && w >= 8
    ? ([h, w, c] as const)
    : undefined
}

async function pngOf(image: ImageData | ImageBitmap | OffscreenCanvas) {
  let canvas: OffscreenCanvas
  if (image instanceof OffscreenCanvas) canvas = image
  else {
    canvas = new OffscreenCanvas(image.width, image.height)
    const context = canvas.getContext('2d')!
    if (image instanceof ImageData) context.putImageData(image, 0, 0)
    else context.drawImage(image, 0, 0)
  }
  const blob = await canvas.convertToBlob({ type: 'image/png' })
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** A tensor as text: its dtype and shape, then its values as TF.js prints them. */
function tensorText(t: tf.Tensor) {
  const values = t.toString().replace(/^Tensor\s*/, '')
  return `Tensor ${t.dtype} [${t.shape.join(', ')}]\n${values}`
}

/** JSON with 2-space indents, but arrays of plain values on one line: `[1, 192, 192, 3]`. */
const compact = (json: string) =>
  json.replace(/\[[^[\]{}]*\]/g, (array) =>
    array.replace(/\s*\n\s*/g, ' ').replace(/\[ | \]/g, (m) => m.trim()),
  )

function plain(value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof tf.Tensor) return tensorText(value)
  if (value instanceof Error) return `${value.name}: ${value.message}`
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`
  if (typeof value !== 'object' || value === null) return String(value)
  try {
    return compact(
      JSON.stringify(
        value,
        (_key, v: unknown) =>
          v instanceof tf.Tensor
            ? `Tensor ${v.dtype} [${v.shape.join(', ')}]`
            : typeof v === 'bigint'
              ? v.toString()
              : typeof v === 'function'
                ? `[Function ${v.name || 'anonymous'}]`
                : v,
        2,
      ),
    )
  } catch {
    return Object.prototype.toString.call(value)
  }
}

/** The MIME bundle of a value: image/png (with a text/plain caption) for images, else text. */
export async function bundleOf(value: unknown): Promise<MimeBundle> {
  if (
    value instanceof ImageData ||
    (typeof ImageBitmap !== 'undefined' && value instanceof ImageBitmap) ||
    value instanceof OffscreenCanvas
  )
    return {
      'image/png': await pngOf(value),
      'text/plain': `<image ${value.width}×${value.height}>`,
    }
  if (value instanceof tf.Tensor) {
    const shape = imageShape(value)
    if (shape) {
      const [h, w, c] = shape
      const image = tf.tidy(() => value.reshape([h, w, c]) as tf.Tensor3D)
      const pixels = await tf.browser.toPixels(image)
      image.dispose()
      return {
        'image/png': await pngOf(new ImageData(new Uint8ClampedArray(pixels), w, h)),
        'text/plain': `Tensor ${value.dtype} [${value.shape.join(', ')}] as an image`,
      }
    }
  }
  return { 'text/plain': cut(plain(value)) }
}

/** How console.log shows its arguments: strings as they are, anything else as text. */
export const logLine = (args: unknown[]) => `${args.map(plain).join(' ')}\n`
