// The page's side of the notebook runner: starts the worker on the first run (so TF.js loads only
// then), runs one cell at a time, and stops by ending the worker (its names go with it).
import type { CellOutput, PageToRunner, RunnerInput, RunnerToPage } from './protocol'

export interface RunResult {
  ok: boolean
  /** false when the run was stopped before it ended */
  finished: boolean
}

export class RunnerSession {
  #worker: Worker | undefined
  #runs = 0
  #pending = new Map<
    number,
    { onOutput: (o: CellOutput) => void; resolve: (r: RunResult) => void }
  >()

  #start() {
    const worker = new Worker(new URL('./runner.worker.ts', import.meta.url), {
      type: 'module',
      name: 'notebook-runner',
    })
    worker.onmessage = (event: MessageEvent<RunnerToPage>) => {
      const message = event.data
      const pending = this.#pending.get(message.run)
      if (!pending) return
      if (message.type === 'output') pending.onOutput(message.output)
      else {
        this.#pending.delete(message.run)
        pending.resolve({ ok: message.ok, finished: true })
      }
    }
    worker.onerror = (event) => {
      event.preventDefault()
      for (const [run, pending] of this.#pending) {
        pending.onOutput({
          output_type: 'error',
          ename: 'RunnerError',
          evalue: event.message || 'the notebook runner could not start',
          traceback: [],
        })
        pending.resolve({ ok: false, finished: true })
        this.#pending.delete(run)
      }
    }
    return worker
  }

  get started() {
    return this.#worker !== undefined
  }

  /** Runs one cell; its outputs arrive through onOutput as they are made. */
  run(
    cell: { source: string; count: number },
    context: { inputs: RunnerInput[]; files: File[] },
    onOutput: (o: CellOutput) => void,
  ) {
    this.#worker ??= this.#start()
    const run = ++this.#runs
    const message: PageToRunner = { type: 'run', run, ...cell, ...context }
    return new Promise<RunResult>((resolve) => {
      this.#pending.set(run, { onOutput, resolve })
      try {
        this.#worker!.postMessage(message)
      } catch (err) {
        this.#pending.delete(run)
        onOutput({
          output_type: 'error',
          ename: 'RunnerError',
          evalue: err instanceof Error ? err.message : String(err),
          traceback: [],
        })
        resolve({ ok: false, finished: true })
      }
    })
  }

  /** Ends the worker and whatever it runs; the next run starts a fresh one. */
  stop() {
    this.#worker?.terminate()
    this.#worker = undefined
    for (const pending of this.#pending.values()) pending.resolve({ ok: false, finished: false })
    this.#pending.clear()
  }
}
