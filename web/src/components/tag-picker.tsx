import { createSignal, For, Show } from 'solid-js'
import type { ApiPublishingOptions } from '../../../worker/api-types'

type Tag = ApiPublishingOptions['tags'][number]

/** Tags from the vocabulary: type to find one, click to add; chosen ones are removable chips. */
export function TagPicker(props: {
  tags: Tag[]
  value: string[]
  onChange: (refs: string[]) => void
}) {
  const [filter, setFilter] = createSignal('')
  const matches = () => {
    const words = filter().trim().toLowerCase()
    if (!words) return []
    return props.tags
      .filter((t) => !props.value.includes(t.ref) && t.name.toLowerCase().includes(words))
      .slice(0, 12)
  }
  const nameOf = (ref: string) => props.tags.find((t) => t.ref === ref)?.name ?? ref
  return (
    <div class="field tag-picker">
      <label for="field-tags">Tags</label>
      <Show when={props.value.length}>
        <ul class="tag-chips" aria-label="Chosen tags">
          <For each={props.value}>
            {(ref) => (
              <li>
                <button
                  type="button"
                  class="tag-chip"
                  aria-label={`Remove tag ${nameOf(ref)}`}
                  onClick={() => props.onChange(props.value.filter((r) => r !== ref))}
                >
                  {nameOf(ref)} ×
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <input
        id="field-tags"
        type="search"
        placeholder="Find a task, data type, language…"
        value={filter()}
        onInput={(e) => setFilter(e.currentTarget.value)}
      />
      <Show when={matches().length}>
        <ul class="tag-matches" aria-label="Matching tags">
          <For each={matches()}>
            {(tag) => (
              <li>
                <button
                  type="button"
                  onClick={() => {
                    props.onChange([...props.value, tag.ref])
                    setFilter('')
                  }}
                >
                  {tag.name} <span class="muted">{tag.type.replace('_', ' ')}</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  )
}
