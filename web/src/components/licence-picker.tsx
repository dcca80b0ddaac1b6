import { For, Show } from 'solid-js'
import type { ApiPublishingOptions } from '../../../worker/api-types'
import { summarizeRights } from '../lib/rights'

type Licence = ApiPublishingOptions['licenses'][number]

/** A licence from the licence table, with what it lets others do in plain words. */
export function LicencePicker(props: {
  licences: Licence[]
  value: string
  onChange: (id: string) => void
}) {
  const chosen = () => props.licences.find((l) => l.id === props.value)
  const rights = () => {
    const l = chosen()
    return summarizeRights(l && { ...l, source: 'explicit', label: l.spdx ?? l.name })
  }
  return (
    <div class="field">
      <label for="field-licence">Licence</label>
      <select
        id="field-licence"
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="">No licence</option>
        <For each={props.licences}>{(l) => <option value={l.id}>{l.name}</option>}</For>
      </select>
      <p class={`field-hint rights rights-${rights().tone}`} aria-live="polite">
        <strong>{rights().short}.</strong> {rights().sentence}
        <Show when={chosen()?.url}>
          {' '}
          <a href={chosen()!.url} target="_blank" rel="noopener noreferrer">
            Read the licence
          </a>
        </Show>
      </p>
    </div>
  )
}
