// The runner's loaders: an attached model from Modelport's own file routes by its handle, and an
// image from the files the user added to the session or from a URL. Runs in the runner's worker.
import * as tf from '@tensorflow/tfjs'
import type { ListVersionsResponse } from '../../../worker/api-types'
import type { RunnerInput } from './protocol'

const segment = (s: string) => encodeURIComponent(s)

/** Where a model's files are: its version folder, and the signature a private one needs. */
interface ModelFolder {
  url: string
  signature?: string
}

/**
 * 'owner/model/framework/variation[/version]' → the folder of that version's files. An attached
 * input gives the version the notebook pins (or its latest) and, for a private model, the
 * folder's signature; another handle is read from the public API, its latest ready version
 * unless it names one.
 */
async function modelFolder(
  handle: string,
  inputs: RunnerInput[],
  origin: string,
): Promise<ModelFolder> {
  const parts = handle.replace(/^\/+|\/+$/g, '').split('/')
  if (parts.length < 4 || parts.length > 5 || parts.some((p) => p === ''))
    throw new Error(
      `loadModel: ${JSON.stringify(handle)} is not owner/model/framework/variation[/version]`,
    )
  const named = parts[4]
  if (named !== undefined && !/^[1-9]\d{0,8}$/.test(named))
    throw new Error(`loadModel: ${JSON.stringify(named)} is not a version number`)
  const variation = parts.slice(0, 4).join('/')
  const input = inputs.find(
    (i) => i.handle === variation && (named === undefined || Number(named) === i.version),
  )
  if (input) return { url: input.filesUrl, signature: input.signature }
  const base = parts.slice(0, 4).map(segment).join('/')
  let version = named === undefined ? undefined : Number(named)
  if (version === undefined) {
    const res = await fetch(`${origin}/api/v1/models/${base}/versions`)
    if (!res.ok) throw new Error(`loadModel: ${handle}: no such model variation (${res.status})`)
    const { versions } = (await res.json()) as ListVersionsResponse
    const ready = versions.filter((v) => v.status === 'ready').map((v) => v.versionNumber)
    if (ready.length === 0) throw new Error(`loadModel: ${handle} has no ready version`)
    version = Math.max(...ready)
  }
  return { url: `${origin}/api/v1/files/${base}/${version}/` }
}

/**
 * A TF.js graph model by handle; a layers model when its model.json says so. Every file is
 * fetched without credentials, a private folder's with its signature.
 */
export async function loadModel(handle: string, inputs: RunnerInput[], origin: string) {
  const folder = await modelFolder(handle, inputs, origin)
  const signed = (url: string) => {
    if (!folder.signature || !url.startsWith(folder.url)) return url
    const out = new URL(url)
    out.searchParams.set('signature', folder.signature)
    return out.href
  }
  const fetchFunc = (url: RequestInfo | URL, init?: RequestInit) =>
    fetch(signed(url instanceof Request ? url.url : String(url)), {
      ...init,
      credentials: 'omit',
    })
  const url = `${folder.url}model.json`
  const res = await fetchFunc(url)
  if (!res.ok) throw new Error(`loadModel: ${url} answered ${res.status}`)
  const json = (await res.json()) as { format?: string }
  return json.format === 'layers-model'
    ? tf.loadLayersModel(url, { fetchFunc })
    : tf.loadGraphModel(url, { fetchFunc })
}

/**
 * An image as ImageData (what tf.browser.fromPixels takes in a worker): the added file of that
 * name, the first added file when no name is given, or a same-origin URL.
 */
export async function loadImage(name: string | undefined, files: File[], origin: string) {
  let blob: Blob
  const file = name === undefined ? files[0] : files.find((f) => f.name === name)
  if (file) blob = file
  else if (name === undefined) throw new Error('loadImage: add an image with "Add files" first')
  else {
    const res = await fetch(new URL(name, origin), { credentials: 'omit' })
    if (!res.ok)
      throw new Error(
        `loadImage: no added file ${JSON.stringify(name)}, and its URL answered ${res.status}`,
      )
    blob = await res.blob()
  }
  const bitmap = await createImageBitmap(blob)
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
  const context = canvas.getContext('2d')!
  context.drawImage(bitmap, 0, 0)
  bitmap.close()
  return context.getImageData(0, 0, canvas.width, canvas.height)
}
