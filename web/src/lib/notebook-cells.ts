// A stored .ipynb turned into what the viewer shows. The file is hostile data: every field is
// checked for its type here, and each output becomes one of a few kinds the viewer renders safely.

export type NotebookOutput =
  | { kind: 'text'; text: string; stderr: boolean }
  | { kind: 'image'; src: string }
  | { kind: 'markdown'; source: string }
  /** HTML or SVG: shown only in a sandboxed iframe without scripts or same-origin rights */
  | { kind: 'html'; html: string }
  | { kind: 'error'; name: string; value: string; traceback: string }

export type NotebookCell =
  | { kind: 'markdown'; source: string }
  | { kind: 'raw'; source: string }
  /** `at`: the cell's index in the file's `cells`, where a run's outputs are saved */
  | { kind: 'code'; at: number; source: string; count: number | null; outputs: NotebookOutput[] }

export interface ViewedNotebook {
  language: 'python' | 'javascript'
  cells: NotebookCell[]
}

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** nbformat's multiline string: a string, or strings to join. */
const text = (v: unknown) =>
  typeof v === 'string'
    ? v
    : Array.isArray(v)
      ? v.filter((s): s is string => typeof s === 'string').join('')
      : ''

// terminal colours in tracebacks: ESC [ ... letter
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g')
const stripAnsi = (s: string) => s.replace(ansi, '')

const base64 = /^[A-Za-z0-9+/\s]+={0,2}\s*$/

/** The richest kind of a MIME bundle the viewer shows; JavaScript is shown as its source text. */
function fromBundle(data: Json): NotebookOutput | undefined {
  for (const mime of ['image/png', 'image/jpeg'] as const) {
    const value = text(data[mime])
    if (value && base64.test(value))
      return { kind: 'image', src: `data:${mime};base64,${value.replace(/\s/g, '')}` }
  }
  for (const mime of ['text/html', 'image/svg+xml']) {
    const value = text(data[mime])
    if (value) return { kind: 'html', html: value }
  }
  if (data['text/markdown'] !== undefined)
    return { kind: 'markdown', source: text(data['text/markdown']) }
  if (data['text/plain'] !== undefined)
    return { kind: 'text', text: text(data['text/plain']), stderr: false }
  if (data['application/javascript'] !== undefined)
    return { kind: 'text', text: text(data['application/javascript']), stderr: false }
  return undefined
}

/** One stored (or just made) nbformat output as the viewer shows it; unknown shapes are dropped. */
export function viewOutput(o: unknown): NotebookOutput | undefined {
  if (!isObject(o)) return undefined
  switch (o.output_type) {
    case 'stream':
      return { kind: 'text', text: stripAnsi(text(o.text)), stderr: o.name === 'stderr' }
    case 'error':
      return {
        kind: 'error',
        name: typeof o.ename === 'string' ? o.ename : 'Error',
        value: typeof o.evalue === 'string' ? o.evalue : '',
        traceback: stripAnsi(
          Array.isArray(o.traceback)
            ? o.traceback.filter((l) => typeof l === 'string').join('\n')
            : '',
        ),
      }
    case 'display_data':
    case 'execute_result':
      return isObject(o.data) ? fromBundle(o.data) : undefined
    default:
      return undefined
  }
}

function cell(c: unknown, at: number): NotebookCell | undefined {
  if (!isObject(c)) return undefined
  const source = text(c.source)
  if (c.cell_type === 'markdown') return { kind: 'markdown', source }
  if (c.cell_type === 'raw') return { kind: 'raw', source }
  if (c.cell_type !== 'code') return undefined
  const outputs = Array.isArray(c.outputs) ? c.outputs.map(viewOutput) : []
  return {
    kind: 'code',
    at,
    source,
    count: typeof c.execution_count === 'number' ? c.execution_count : null,
    outputs: outputs.filter((o): o is NotebookOutput => o !== undefined),
  }
}

/** The cells of a parsed .ipynb; anything malformed is left out rather than shown half. */
export function viewNotebook(doc: unknown, language: ViewedNotebook['language']): ViewedNotebook {
  const cells =
    isObject(doc) && Array.isArray(doc.cells) ? doc.cells.map((c, at) => cell(c, at)) : []
  return { language, cells: cells.filter((c): c is NotebookCell => c !== undefined) }
}
