import { createSignal, createUniqueId, Show } from 'solid-js'
import { Markdown } from './markdown'

/**
 * A markdown textarea with Write/Preview tabs. The preview goes through the same sanitizing
 * renderer that displays posts, so what you preview is what others see.
 */
export function MarkdownEditor(props: {
  label: string
  value: string
  onInput: (value: string) => void
  maxLength: number
  rows?: number
}) {
  const [preview, setPreview] = createSignal(false)
  const id = createUniqueId()
  return (
    <div class="md-editor">
      <div class="md-editor-bar">
        <label for={id}>{props.label}</label>
        <div role="group" aria-label="Editor mode" class="md-editor-modes">
          <button type="button" aria-pressed={!preview()} onClick={() => setPreview(false)}>
            Write
          </button>
          <button type="button" aria-pressed={preview()} onClick={() => setPreview(true)}>
            Preview
          </button>
        </div>
      </div>
      <Show
        when={preview()}
        fallback={
          <textarea
            id={id}
            rows={props.rows ?? 6}
            maxLength={props.maxLength}
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        }
      >
        <div class="md-preview" aria-label={`${props.label} preview`}>
          <Show when={props.value.trim()} fallback={<p class="muted">Nothing to preview.</p>}>
            <Markdown source={props.value} class="markdown-body" />
          </Show>
        </div>
      </Show>
      <p class="muted md-editor-hint">
        Markdown. At most {props.maxLength.toLocaleString()} characters.
      </p>
    </div>
  )
}
