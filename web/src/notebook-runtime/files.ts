// The runner's loaders: an attached model from Modelport's own file routes by its handle, and an
// image from the files the user added to the session or from a URL. Runs in the runner's worker.
import * as tf from '@tensorflow/tfjs'
import type { ListVersionsResponse } from '../../../worker/api-types'
import type { RunnerInput } from './protocol'

const segment = (s: string) => encodeURIComponent(s)

/**
 * 'owner/model/framework/variation[/version]' → the URL of that version's model.json. An
 * attached input gives its pinned version unless the handle names one; without either, the
 * variation's latest version is asked for.
 */
async function modelJsonUrl(handle: string, inputs: RunnerInput[], origin: string) {
  const parts = handle.replace(/^\/+|\/+$/g, '').split('/')
  if (parts.length < 4 || parts.length > 5 || parts.some((p) => p === ''))
    throw new Error(
      `loadModel: ${JSON.stringify(handle)} is not owner/model/framework/variation[/version]`,
    )
  const [owner, model, framework, variation, named] = parts as [
    string,
    string,
    string,
    string,
    string | undefined,
  ]
  if (named !== undefined && !/^[1-9]\d{0,8}$/.test(named))
    throw new Error(`loadModel: ${JSON.stringify(named)} is not a version number`)
  const input = inputs.find(
    (i) =>
      i.owner === owner &&
      i.model === model &&
      i.framework === framework &&
      i.variation === variation,
  )
  let version = named === undefined ? input?.version : Number(named)
  const base = [owner, model, framework, variation].map(segment).join('/')
  if (version == null) {
    const res = await fetch(`${origin}/api/v1/models/${base}/versions`)
    if (!res.ok) throw new Error(`loadModel: ${handle}: no such model variation (${res.status})`)
    const { versions } = (await res.json()) as ListVersionsResponse
    const ready = versions.filter((v) => v.status === 'ready').map((v) => v.versionNumber)
    if (ready.length === 0) throw new Error(`loadModel: ${handle} has no ready version`)
    version = Math.max(...ready)
  }
  return `${origin}/api/v1/files/${base}/${version}/model.json`
}

/** A TF.js graph model by handle; a layers model when its model.json says so. */
export async function loadModel(handle: string, inputs: RunnerInput[], origin: string) {
  const url = await modelJsonUrl(handle, inputs, origin)
  const res = await fetch(url)
  if (!res.ok) throw new Error(`loadModel: ${url} answered ${res.status}`)
  const json = (await res.json()) as { format?: string }
  return json.format === 'layers-model' ? tf.loadLayersModel(url) : tf.loadGraphModel(url)
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
    const res = await fetch(new URL(name, origin))
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
