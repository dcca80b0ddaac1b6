// The state of running a JavaScript notebook in the page: a queue of cells run one at a time by
// the runner in its sandboxed frame (notebook-runtime/session.ts), each cell's outputs and execution count as
// they arrive, and the .ipynb of the notebook with those outputs, for saving as a new version.
import { batch, createSignal } from 'solid-js'
import { createStore, produce } from 'solid-js/store'
import type { CellOutput, RunnerInput } from '../notebook-runtime/protocol'
import { RunnerSession } from '../notebook-runtime/session'

type CellStatus = 'queued' | 'running' | 'done' | 'failed' | 'stopped'

export interface CellRun {
  count: number | null
  outputs: CellOutput[]
  status: CellStatus
}

/** Appends an output; a stream line joins the stream output before it, as Jupyter shows them. */
function append(outputs: CellOutput[], output: CellOutput) {
  const last = outputs.at(-1)
  if (
    output.output_type === 'stream' &&
    last?.output_type === 'stream' &&
    last.name === output.name
  )
    last.text += output.text
  else outputs.push(output)
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** An error output for a cell that could not start. */
const failure = (err: unknown): CellOutput => ({
  output_type: 'error',
  ename: 'RunnerError',
  evalue: err instanceof Error ? err.message : String(err),
  traceback: [],
})

export function createNotebookRun(context: {
  source: (at: number) => string
  /** the attached models' files (run-files): asked for each time a queue starts */
  inputs: () => Promise<RunnerInput[]>
}) {
  const session = new RunnerSession()
  const [runs, setRuns] = createStore<Record<number, CellRun>>({})
  const [files, setFiles] = createSignal<File[]>([])
  const [running, setRunning] = createSignal<number | null>(null)
  let queue: number[] = []
  let count = 0
  let draining = false

  async function drain() {
    if (draining) return
    draining = true
    let inputs: RunnerInput[] | undefined
    while (queue.length > 0) {
      const at = queue.shift()!
      const n = ++count
      batch(() => {
        setRunning(at)
        setRuns(at, { count: n, outputs: [], status: 'running' })
      })
      const onOutput = (output: CellOutput) =>
        setRuns(
          at,
          'outputs',
          produce((outputs) => append(outputs, output)),
        )
      let result
      try {
        inputs ??= await context.inputs()
        // stopped while the inputs were asked for
        if (running() !== at) break
        result = await session.run(
          { source: context.source(at), count: n, origin: location.origin, inputs, files: files() },
          onOutput,
        )
      } catch (err) {
        onOutput(failure(err))
        result = { ok: false, finished: true }
      }
      if (!result.finished) break
      setRuns(at, 'status', result.ok ? 'done' : 'failed')
      // a failed cell stops the queue, as "Run all" does in Jupyter
      if (!result.ok) {
        for (const rest of queue) setRuns(rest, 'status', 'stopped')
        queue = []
      }
    }
    setRunning(null)
    draining = false
  }

  const enqueue = (cells: number[]) => {
    for (const at of cells) {
      if (queue.includes(at) || running() === at) continue
      queue.push(at)
      setRuns(at, (old) => ({
        count: old?.count ?? null,
        outputs: old?.outputs ?? [],
        status: 'queued',
      }))
    }
    void drain()
  }

  return {
    runs,
    running,
    files,
    /** whether the worker (and TF.js) has been started */
    started: () => session.started || running() !== null,
    addFiles: (list: FileList | null) => setFiles((old) => [...old, ...(list ? [...list] : [])]),
    run: (at: number) => enqueue([at]),
    runAll: (cells: number[]) => enqueue(cells),
    stop() {
      session.stop()
      batch(() => {
        for (const at of [...queue, running()]) if (at !== null) setRuns(at, 'status', 'stopped')
        queue = []
        count = 0
        setRunning(null)
      })
    },
    /** The .ipynb with each run cell's outputs and execution count in place of the stored ones. */
    withOutputs(doc: unknown) {
      // JSON, not structuredClone: the query's data is a store of proxies
      const copy = JSON.parse(JSON.stringify(doc)) as unknown
      if (!isObject(copy) || !Array.isArray(copy.cells)) return copy
      copy.cells.forEach((cell: unknown, at) => {
        const run = runs[at]
        if (!run || !isObject(cell) || cell.cell_type !== 'code') return
        cell.outputs = JSON.parse(JSON.stringify(run.outputs)) as CellOutput[]
        cell.execution_count = run.count
      })
      return copy
    },
    dispose: () => session.stop(),
  }
}

export type NotebookRun = ReturnType<typeof createNotebookRun>
