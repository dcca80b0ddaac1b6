// The messages between the notebook page and its runner (runner.worker.ts). Outputs travel as
// nbformat 4 output objects, so what the page shows is exactly what a save stores.

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

/** An attached model, as the notebook's detail lists it: `version` null for its latest. */
export interface RunnerInput {
  owner: string
  model: string
  framework: string
  variation: string
  version: number | null
}

export type PageToRunner = {
  type: 'run'
  /** which run this is; every answer names it */
  run: number
  /** the cell's execution count, for its execute_result */
  count: number
  source: string
  inputs: RunnerInput[]
  /** files the user added to the session ("Add files"), for loadImage(name) */
  files: File[]
}

export type RunnerToPage =
  { type: 'output'; run: number; output: CellOutput } | { type: 'done'; run: number; ok: boolean }
