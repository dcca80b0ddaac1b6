import { Show } from 'solid-js'
import type { NotebookRun } from '../lib/notebook-run'

/**
 * Run all, Stop, "Add files" (images a cell reads with loadImage) and Save for a JavaScript
 * notebook; the first run starts the runner worker, which loads TF.js.
 */
export function NotebookRunBar(props: {
  run: NotebookRun
  codeCells: number[]
  /** present when the caller may save a version */
  onSave?: () => void
  saving: boolean
  saveError: string
}) {
  const status = () => {
    const at = props.run.running()
    if (at !== null) return `Running cell ${at + 1}…`
    const done = Object.values(props.run.runs).filter((r) => r.status === 'done').length
    return done > 0 ? `${done} cell${done === 1 ? '' : 's'} run` : 'Runs in your browser (TF.js)'
  }
  return (
    <div class="nb-run-bar" role="toolbar" aria-label="Run the notebook">
      <button
        type="button"
        class="button button-primary"
        disabled={props.codeCells.length === 0}
        onClick={() => props.run.runAll(props.codeCells)}
      >
        Run all
      </button>
      <button
        type="button"
        class="button"
        disabled={props.run.running() === null}
        onClick={() => props.run.stop()}
      >
        Stop
      </button>
      <label class="nb-files">
        Add files{' '}
        <input
          type="file"
          multiple
          accept="image/*"
          onChange={(e) => props.run.addFiles(e.currentTarget.files)}
        />
      </label>
      <Show when={props.onSave}>
        {(save) => (
          <button
            type="button"
            class="button"
            disabled={props.saving || props.run.running() !== null}
            onClick={() => save()()}
          >
            Save version
          </button>
        )}
      </Show>
      <p class="nb-run-status muted" role="status">
        {status()}
        <Show when={props.run.files().length > 0}>
          {' '}
          · files:{' '}
          {props.run
            .files()
            .map((f) => f.name)
            .join(', ')}
        </Show>
      </p>
      <Show when={props.saveError}>
        <p class="notice notice-warning" role="alert">
          {props.saveError}
        </p>
      </Show>
    </div>
  )
}
