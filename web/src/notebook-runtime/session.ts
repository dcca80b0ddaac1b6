// The page's side of the notebook runner: on the first run it adds the sandboxed frame
// (/notebook-runner/frame, an opaque origin: a cell gets no cookie or storage of this site), which
// starts the runner's worker (so TF.js loads only then); it runs one cell at a time, and stops by
// removing the frame (the worker and its names go with it).
// Vite builds the worker and gives its URL (a query the linter's resolver does not know)
// oxlint-disable-next-line import/default
import runnerUrl from './runner.worker.ts?worker&url'
import type { CellOutput, FrameToPage, PageToFrame, PageToRunner } from './protocol'

export interface RunResult {
  ok: boolean
  /** false when the run was stopped before it ended */
  finished: boolean
}

type Cell = Omit<PageToRunner, 'type' | 'run'>

const isMessage = (data: unknown): data is FrameToPage =>
  typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string'

export class RunnerSession {
  #frame: HTMLIFrameElement | undefined
  /** resolves once the frame's script listens; runs wait for it */
  #ready: Promise<void> | undefined
  #frameReady: (() => void) | undefined
  #runs = 0
  #pending = new Map<
    number,
    { onOutput: (o: CellOutput) => void; resolve: (r: RunResult) => void }
  >()
  #onMessage = (event: MessageEvent) => this.#receive(event)

  #start() {
    const frame = document.createElement('iframe')
    // scripts, and nothing else: no same-origin rights, forms, popups or top navigation
    frame.setAttribute('sandbox', 'allow-scripts')
    frame.src = '/notebook-runner/frame'
    frame.title = 'Notebook runner'
    frame.hidden = true
    let ready!: () => void
    this.#ready = new Promise<void>((resolve) => (ready = resolve))
    this.#frameReady = ready
    window.addEventListener('message', this.#onMessage)
    // a frame that loaded without saying it is ready (not served, or its script refused) never will
    frame.addEventListener('load', () =>
      setTimeout(() => {
        if (this.#frame === frame && this.#frameReady)
          this.#failAll('the notebook runner did not start (its frame did not answer)')
      }, 10_000),
    )
    document.body.append(frame)
    this.#frame = frame
  }

  #post(message: PageToFrame) {
    // the frame's origin is opaque: no target origin names it
    this.#frame?.contentWindow?.postMessage(message, '*')
  }

  #receive(event: MessageEvent) {
    // from this page's frame only, which has an opaque origin
    if (!this.#frame || event.source !== this.#frame.contentWindow || event.origin !== 'null')
      return
    const message = event.data
    if (!isMessage(message)) return
    if (message.type === 'ready') {
      this.#post({ type: 'start', runnerUrl: new URL(runnerUrl, location.href).href })
      this.#frameReady?.()
      this.#frameReady = undefined
    } else if (message.type === 'failed') this.#failAll(message.message)
    else if (message.type === 'output' || message.type === 'done') {
      const pending = this.#pending.get(message.run)
      if (!pending) return
      if (message.type === 'output') pending.onOutput(message.output)
      else {
        this.#pending.delete(message.run)
        pending.resolve({ ok: message.ok === true, finished: true })
      }
    }
  }

  /** Ends every pending run with the error, and the frame with them: the next run starts anew. */
  #failAll(reason: string) {
    for (const pending of this.#pending.values()) {
      pending.onOutput({
        output_type: 'error',
        ename: 'RunnerError',
        evalue: reason,
        traceback: [],
      })
      pending.resolve({ ok: false, finished: true })
    }
    this.#pending.clear()
    this.#removeFrame()
  }

  #removeFrame() {
    window.removeEventListener('message', this.#onMessage)
    this.#frame?.remove()
    this.#frame = undefined
    this.#ready = undefined
    this.#frameReady = undefined
  }

  get started() {
    return this.#frame !== undefined
  }

  /** Runs one cell; its outputs arrive through onOutput as they are made. */
  async run(cell: Cell, onOutput: (o: CellOutput) => void) {
    if (!this.#frame) this.#start()
    const frame = this.#frame
    const run = ++this.#runs
    const result = new Promise<RunResult>((resolve) =>
      this.#pending.set(run, { onOutput, resolve }),
    )
    const ready = await Promise.race([this.#ready!.then(() => true), result.then(() => false)])
    // stopped or failed while the frame loaded
    if (!ready || this.#frame !== frame) return result
    try {
      this.#post({ type: 'run', run, ...cell })
    } catch (err) {
      this.#failAll(err instanceof Error ? err.message : String(err))
    }
    return result
  }

  /** Removes the frame and whatever it runs; the next run starts a fresh one. */
  stop() {
    this.#removeFrame()
    for (const pending of this.#pending.values()) pending.resolve({ ok: false, finished: false })
    this.#pending.clear()
  }
}
