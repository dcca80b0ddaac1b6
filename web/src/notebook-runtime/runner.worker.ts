// The notebook runner: a module worker, started by the sandboxed frame (so its origin is opaque:
// no cookie or storage of the site), that runs JavaScript cells one at a time, with TF.js
// (bundled into this worker's chunk, so it loads on the first run and never with the page) and
// the helpers a cell sees: display(), loadModel(handle), loadImage(name), and a console whose
// lines become stream outputs. Top-level names live on in this worker until it is stopped.
import * as tf from '@tensorflow/tfjs'
import { compileCell } from './compile'
import { bundleOf, logLine } from './display'
import { loadImage, loadModel } from './files'
import type { CellOutput, PageToRunner, RunnerToPage } from './protocol'

const scope = self as unknown as {
  postMessage(message: RunnerToPage): void
  onmessage: ((event: MessageEvent<PageToRunner>) => void) | null
}

// the CPU backend: the same results on every machine; a cell may still tf.setBackend('webgl')
const ready = tf.setBackend('cpu').then(() => tf.ready())

function traceback(err: unknown) {
  if (!(err instanceof Error)) return [String(err)]
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    // the runner's own frames say nothing about the cell
    .filter((line) => !/runner\.worker|notebook-runtime|assets\/runner\//.test(line))
  return [`${err.name}: ${err.message}`, ...frames]
}

async function run(message: PageToRunner) {
  const send = (output: CellOutput) =>
    scope.postMessage({ type: 'output', run: message.run, output })
  const stream =
    (name: 'stdout' | 'stderr') =>
    (...args: unknown[]) =>
      send({ output_type: 'stream', name, text: logLine(args) })
  const cellConsole = {
    log: stream('stdout'),
    info: stream('stdout'),
    debug: stream('stdout'),
    warn: stream('stderr'),
    error: stream('stderr'),
  }
  // display() need not be awaited: the cell ends when its last display has been sent
  const displays: Promise<unknown>[] = []
  const display = (...values: unknown[]) => {
    const shown = (async () => {
      for (const value of values)
        send({ output_type: 'display_data', data: await bundleOf(value), metadata: {} })
    })()
    displays.push(shown)
    return shown
  }
  const helpers = {
    tf,
    display,
    console: cellConsole,
    loadModel: (handle: string) => loadModel(handle, message.inputs, message.origin),
    loadImage: (name?: string) => loadImage(name, message.files, message.origin),
  }
  try {
    await ready
    const cell = compileCell(message.source, Object.keys(helpers))
    const result = await cell(...Object.values(helpers))
    await Promise.all(displays)
    if (result !== undefined)
      send({
        output_type: 'execute_result',
        execution_count: message.count,
        data: await bundleOf(result),
        metadata: {},
      })
    scope.postMessage({ type: 'done', run: message.run, ok: true })
  } catch (err) {
    send({
      output_type: 'error',
      ename: err instanceof Error ? err.name : 'Error',
      evalue: err instanceof Error ? err.message : String(err),
      traceback: traceback(err),
    })
    scope.postMessage({ type: 'done', run: message.run, ok: false })
  }
}

scope.onmessage = (event) => {
  if (event.data?.type === 'run') void run(event.data)
}
