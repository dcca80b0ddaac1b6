// The messages between the notebook page, the sandboxed frame it runs cells in, and the runner
// (runner.worker.ts) that frame starts. Outputs travel as nbformat 4 output objects, so what the
// page shows is exactly what a save stores.

/** One nbformat output: stream, display_data, execute_result or error. */
export type CellOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | {
      output_type: 'display_data'
      data: Record<string, string>
      metadata: Record<string, never>
    }
  | {
      output_type: 'execute_result'
      execution_count: number
      data: Record<string, string>
      metadata: Record<string, never>
    }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] }

/**
 * An attached model as the notebook's `run-files` gives it: the version a run loads and the
 * folder its files are fetched from, with the signature a private model's folder needs.
 */
export interface RunnerInput {
  /** 'owner/model/framework/variation' */
  handle: string
  version: number
  /** absolute, ending in '/' */
  filesUrl: string
  signature?: string
}

export type PageToRunner = {
  type: 'run'
  /** which run this is; every answer names it */
  run: number
  /** the cell's execution count, for its execute_result */
  count: number
  source: string
  /** the site's origin: the runner's own is opaque */
  origin: string
  inputs: RunnerInput[]
  /** files the user added to the session ("Add files"), for loadImage(name) */
  files: File[]
}

export type RunnerToPage =
  { type: 'output'; run: number; output: CellOutput } | { type: 'done'; run: number; ok: boolean }

/** What the page tells the frame (worker/notebooks/runner-frame.ts), besides runs. */
export type PageToFrame = { type: 'start'; runnerUrl: string } | PageToRunner

/** What the frame tells the page: its own state, and the runner's messages relayed. */
export type FrameToPage = { type: 'ready' } | { type: 'failed'; message: string } | RunnerToPage
