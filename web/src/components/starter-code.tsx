import { createEffect, createMemo, createSignal, For, Show } from 'solid-js'
import { starterSnippets, type SnippetId, type StarterInput } from '../lib/starter-code'
import { CopyButton } from './copy-button'

/** "Use this model": one tab per client, the code with the exact handle and version, a copy button. */
export function StarterCode(props: { input: StarterInput }) {
  const snippets = createMemo(() => starterSnippets(props.input))
  const [chosen, setChosen] = createSignal<SnippetId>()
  // keep the reader's tab when switching variation, if the new one has it
  const current = () => snippets().find((s) => s.id === chosen()) ?? snippets()[0]!
  const [highlighted, setHighlighted] = createSignal<string>()
  const tabs: HTMLButtonElement[] = []

  createEffect(() => {
    const s = current()
    setHighlighted(undefined)
    void import('../lib/highlight').then((m) => {
      if (current() === s) setHighlighted(m.highlightCode(s.code, s.language))
    })
  })

  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const n = snippets().length
    const to =
      e.key === 'ArrowRight'
        ? (index + 1) % n
        : e.key === 'ArrowLeft'
          ? (index - 1 + n) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : -1
    if (to < 0) return
    e.preventDefault()
    setChosen(snippets()[to]!.id)
    tabs[to]?.focus()
  }

  return (
    <section class="starter" aria-labelledby="starter-heading">
      <div class="starter-head">
        <h3 id="starter-heading">Use this model</h3>
        <CopyButton text={current().code} label="Copy code" />
      </div>
      <div class="starter-tabs" role="tablist" aria-label="Starter code">
        <For each={snippets()}>
          {(s, i) => (
            <button
              ref={(el) => (tabs[i()] = el)}
              type="button"
              role="tab"
              id={`starter-tab-${s.id}`}
              aria-selected={s.id === current().id}
              aria-controls="starter-panel"
              tabindex={s.id === current().id ? 0 : -1}
              onClick={() => setChosen(s.id)}
              onKeyDown={(e) => onKeyDown(e, i())}
            >
              {s.label}
            </button>
          )}
        </For>
      </div>
      <div
        id="starter-panel"
        role="tabpanel"
        aria-labelledby={`starter-tab-${current().id}`}
        class="starter-panel"
      >
        <pre tabindex="0">
          <Show when={highlighted()} fallback={<code>{current().code}</code>}>
            {(html) => <code innerHTML={html()} />}
          </Show>
        </pre>
      </div>
    </section>
  )
}
