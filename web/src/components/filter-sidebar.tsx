import { createEffect, createSignal, For, Show } from 'solid-js'
import type { SidebarGroup } from '../lib/facet-groups'
import type { FilterKey } from '../lib/list-state'
import { formatNumber } from '../lib/format'

const shownAtFirst = 6

/** Facet checkboxes with counts; ticking one calls `onToggle` (the page writes it to the URL). */
export function FilterSidebar(props: {
  id: string
  groups: SidebarGroup[]
  selected: Record<FilterKey, string[]>
  loading: boolean
  open: boolean
  onToggle: (key: FilterKey, value: string) => void
  onClear: () => void
  /** on a phone the sidebar is a full-screen panel; this closes it */
  onClose: () => void
  /** what the close button says, e.g. 'Show 28 models' */
  closeLabel: string
}) {
  const anySelected = () => Object.values(props.selected).some((v) => v.length > 0)
  let done: HTMLButtonElement | undefined
  createEffect(() => {
    if (props.open) done?.focus()
  })
  return (
    <aside
      id={props.id}
      class="filters"
      classList={{ open: props.open }}
      aria-label="Filters"
      aria-busy={props.loading}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && props.open) props.onClose()
      }}
    >
      <div class="filters-head">
        <h2>Filters</h2>
        <Show when={anySelected()}>
          <button type="button" class="link-button" onClick={() => props.onClear()}>
            Clear all
          </button>
        </Show>
        <button
          ref={done}
          type="button"
          class="button button-primary filters-done"
          onClick={() => props.onClose()}
        >
          {props.closeLabel}
        </button>
      </div>
      <Show
        when={props.groups.length > 0}
        fallback={
          <Show when={props.loading}>
            <div aria-hidden="true">
              <span class="skeleton skeleton-line short" />
              <span class="skeleton skeleton-line" />
              <span class="skeleton skeleton-line" />
              <span class="skeleton skeleton-line" />
            </div>
          </Show>
        }
      >
        <For each={props.groups}>
          {(group) => (
            <FacetFieldset
              group={group}
              selected={props.selected[group.key]}
              onToggle={(value) => props.onToggle(group.key, value)}
            />
          )}
        </For>
      </Show>
    </aside>
  )
}

function FacetFieldset(props: {
  group: SidebarGroup
  selected: string[]
  onToggle: (value: string) => void
}) {
  const [expanded, setExpanded] = createSignal(false)
  // selected options always show, even past the fold
  const visible = () =>
    expanded()
      ? props.group.options
      : props.group.options.filter((o, i) => i < shownAtFirst || props.selected.includes(o.value))
  const hidden = () => props.group.options.length - visible().length
  return (
    <fieldset class="facet">
      <legend>{props.group.label}</legend>
      <ul role="list">
        <For each={visible()}>
          {(option) => (
            <li>
              <label classList={{ empty: option.count === 0 }}>
                <input
                  type="checkbox"
                  name={props.group.key}
                  value={option.value}
                  checked={props.selected.includes(option.value)}
                  aria-label={`${option.label}, ${formatNumber(option.count)} ${option.count === 1 ? 'model' : 'models'}`}
                  onChange={() => props.onToggle(option.value)}
                />
                <span class="facet-label">{option.label}</span>
                <span class="facet-count" aria-hidden="true">
                  {formatNumber(option.count)}
                </span>
              </label>
            </li>
          )}
        </For>
      </ul>
      <Show when={hidden() > 0 || expanded()}>
        <button
          type="button"
          class="link-button"
          aria-expanded={expanded()}
          onClick={() => setExpanded(!expanded())}
        >
          {expanded() ? 'Show fewer' : `Show ${hidden()} more`}
          <span class="visually-hidden"> {props.group.label.toLowerCase()} options</span>
        </button>
      </Show>
    </fieldset>
  )
}
