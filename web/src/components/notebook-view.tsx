import {
  createMemo,
  createSignal,
  For,
  Match,
  on,
  onCleanup,
  Show,
  Switch,
  createEffect,
} from 'solid-js'
import { lazyHighlighter, type LazyHighlighter } from '../lib/lazy-highlight'
import type { NotebookCell, NotebookOutput, ViewedNotebook } from '../lib/notebook-cells'
import { viewOutput } from '../lib/notebook-cells'
import type { NotebookRun } from '../lib/notebook-run'
import { Markdown } from './markdown'

function Output(props: { output: NotebookOutput }) {
  return (
    <Switch>
      <Match when={props.output.kind === 'text' && props.output}>
        {(o) => <pre class={o().stderr ? 'nb-output nb-stderr' : 'nb-output'}>{o().text}</pre>}
      </Match>
      <Match when={props.output.kind === 'image' && props.output}>
        {(o) => <img class="nb-output nb-image" src={o().src} alt="Cell output" />}
      </Match>
      <Match when={props.output.kind === 'markdown' && props.output}>
        {(o) => <Markdown source={o().source} class="nb-output" />}
      </Match>
      <Match when={props.output.kind === 'html' && props.output}>
        {(o) => (
          // no sandbox tokens: no scripts, no forms, no popups, an opaque origin
          <iframe
            class="nb-output nb-html"
            sandbox=""
            srcdoc={o().html}
            title="HTML output (sandboxed)"
            loading="lazy"
          />
        )}
      </Match>
      <Match when={props.output.kind === 'error' && props.output}>
        {(o) => (
          <pre class="nb-output nb-error">
            {`${o().name}: ${o().value}`}
            {o().traceback ? `\n${o().traceback}` : ''}
          </pre>
        )}
      </Match>
    </Switch>
  )
}

function Cell(props: {
  cell: NotebookCell
  language: string
  run?: NotebookRun
  highlighter: LazyHighlighter
}) {
  return (
    <Switch>
      <Match when={props.cell.kind === 'markdown' && props.cell}>
        {(c) => <Markdown source={c().source} class="nb-cell nb-markdown" />}
      </Match>
      <Match when={props.cell.kind === 'raw' && props.cell}>
        {(c) => <pre class="nb-cell nb-raw">{c().source}</pre>}
      </Match>
      <Match when={props.cell.kind === 'code' && props.cell}>
        {(c) => {
          const run = () => props.run?.runs[c().at]
          const outputs = () => {
            const live = run()
            return live
              ? live.outputs.map(viewOutput).filter((o): o is NotebookOutput => o !== undefined)
              : c().outputs
          }
          const prompt = () => {
            const live = run()
            if (live?.status === 'running' || live?.status === 'queued') return '*'
            return (live ? live.count : c().count) ?? ' '
          }
          return (
            <div
              class="nb-cell nb-code"
              data-status={run()?.status}
              ref={(el) => props.highlighter.observe(el)}
            >
              <div class="nb-prompt">
                <span aria-hidden="true">[{prompt()}]</span>
                <Show when={props.run}>
                  {(r) => (
                    <button
                      type="button"
                      class="nb-run"
                      aria-label={`Run cell ${c().at + 1}`}
                      title="Run this cell"
                      disabled={run()?.status === 'running' || run()?.status === 'queued'}
                      onClick={() => r().run(c().at)}
                    >
                      ▶
                    </button>
                  )}
                </Show>
              </div>
              <div class="nb-body">
                <pre>
                  <code class={`language-${props.language}`}>{c().source}</code>
                </pre>
                <div class="nb-outputs" aria-live={props.run ? 'polite' : undefined}>
                  <For each={outputs()}>{(output) => <Output output={output} />}</For>
                </div>
              </div>
            </div>
          )
        }}
      </Match>
    </Switch>
  )
}

/** Cells drawn at once; the rest follow a batch per frame, sized to keep each frame short. */
const firstCells = 30
const frameBudgetMs = 12

const nextFrame = (run: () => void) =>
  typeof requestAnimationFrame === 'function'
    ? requestAnimationFrame(run)
    : (setTimeout(run, 0) as unknown as number)
const cancelFrame = (id: number) =>
  typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame(id) : clearTimeout(id)

/**
 * A notebook, read only: markdown through the card sanitizer, code highlighted as it nears the
 * viewport, outputs as text, PNG/JPEG images, errors; HTML and SVG only in a sandboxed iframe.
 * With `run` (JavaScript notebooks), each code cell has a Run button and shows its latest run's
 * outputs. A long notebook is drawn progressively: the first screens at once, the rest in batches
 * of about one frame each (and `content-visibility: auto` skips laying out cells off screen).
 */
export function NotebookView(props: { notebook: ViewedNotebook; run?: NotebookRun }) {
  const highlighter = lazyHighlighter()
  onCleanup(() => highlighter.dispose())
  const [drawn, setDrawn] = createSignal(firstCells)
  createEffect(
    on(
      () => props.notebook.cells.length,
      (total) => {
        let batch = 20
        let frame = 0
        const step = () => {
          const started = performance.now()
          setDrawn((n) => Math.min(total, n + batch))
          const took = Math.max(1, performance.now() - started)
          batch = Math.max(5, Math.min(500, Math.round((batch * frameBudgetMs) / took)))
          if (drawn() < total) frame = nextFrame(step)
        }
        if (drawn() < total) frame = nextFrame(step)
        onCleanup(() => cancelFrame(frame))
      },
    ),
  )
  const cells = createMemo(() => {
    const all = props.notebook.cells
    return drawn() >= all.length ? all : all.slice(0, drawn())
  })
  return (
    <div class="notebook-view" aria-busy={cells().length < props.notebook.cells.length}>
      <For each={cells()} fallback={<p class="muted">This notebook has no cells.</p>}>
        {(cell) => (
          <Cell
            cell={cell}
            language={props.notebook.language}
            run={props.run}
            highlighter={highlighter}
          />
        )}
      </For>
    </div>
  )
}
