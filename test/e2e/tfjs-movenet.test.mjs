// TF.js as a browser app would use a TF Hub URL: loadGraphModel(url, { fromTFHub: true }) from a
// running Modelport (npm start's code path, own port and state), for TF Hub's
// google/tfjs-model/movenet/singlepose/lightning/4, pulled through from the local upstream
// (real MoveNet Lightning files). Run on a bundled image, it must give 17 keypoints.
// npm run test:tfjs
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, it } from 'node:test'
import * as tf from '@tensorflow/tfjs'
import { startModelport } from '../../scripts/start.mjs'

const port = Number(process.env.TFJS_TEST_PORT ?? 8797)
let modelport
let state

before(async () => {
  state = mkdtempSync(path.join(tmpdir(), 'modelport-tfjs-'))
  modelport = await startModelport({
    port,
    persistTo: state,
    inspectorPort: port + 1000,
    log: () => {},
  })
})

after(async () => {
  await modelport?.stop()
  rmSync(state, { recursive: true, force: true })
})

it('loads MoveNet through its TF Hub URL with fromTFHub and finds 17 keypoints', async () => {
  await tf.setBackend('cpu')
  const url = `${modelport.origin}/google/tfjs-model/movenet/singlepose/lightning/4`
  const model = await tf.loadGraphModel(url, { fromTFHub: true })
  const pixels = readFileSync(new URL('../fixtures/figure-192.rgb', import.meta.url))
  const input = tf.tensor(Int32Array.from(pixels), [1, 192, 192, 3], 'int32')
  const output = model.predict(input)
  assert.deepEqual(output.shape, [1, 1, 17, 3])
  const keypoints = (await output.array())[0][0]
  assert.equal(keypoints.length, 17)
  for (const [y, x, score] of keypoints) {
    for (const value of [y, x, score]) assert.ok(value >= 0 && value <= 1, `${value} in [0, 1]`)
  }
})
