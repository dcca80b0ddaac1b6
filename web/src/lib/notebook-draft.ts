// The notebook editor's working copy: the cells of a stored .ipynb as a list the editor adds to,
// reorders, deletes from and edits, and back to an .ipynb for saving or downloading. Each cell
// keeps what the editor does not touch (metadata, outputs, ids) as it was.

export type DraftCellType = 'code' | 'markdown' | 'raw'

export interface DraftCell {
  /** stable for the editing session, for keyed rendering */
  key: number
  type: DraftCellType
  source: string
  /** the stored cell minus cell_type and source, kept as it was */
  rest: Record<string, unknown>
}

export interface Draft {
  /** the stored notebook minus its cells */
  top: Record<string, unknown>
  cells: DraftCell[]
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const text = (v: unknown) =>
  typeof v === 'string'
    ? v
    : Array.isArray(v)
      ? v.filter((s): s is string => typeof s === 'string').join('')
      : ''

let nextKey = 1

/** A new cell: code cells start without outputs, as Jupyter makes them. */
export function newCell(type: DraftCellType, source = ''): DraftCell {
  return {
    key: nextKey++,
    type,
    source,
    rest: type === 'code' ? { metadata: {}, execution_count: null, outputs: [] } : { metadata: {} },
  }
}

/** The working copy of a parsed .ipynb (a JSON clone: the query's data is not ours to change). */
export function draftOf(doc: unknown): Draft {
  const copy = JSON.parse(JSON.stringify(doc ?? {})) as unknown
  const top = isObject(copy) ? copy : {}
  const stored = Array.isArray(top.cells) ? top.cells : []
  delete top.cells
  const cells = stored.filter(isObject).map((cell): DraftCell => {
    const { cell_type, source, ...rest } = cell
    const type: DraftCellType =
      cell_type === 'markdown' ? 'markdown' : cell_type === 'raw' ? 'raw' : 'code'
    return { key: nextKey++, type, source: text(source), rest }
  })
  return { top, cells }
}

/** A cell changed to another type: outputs and execution counts belong to code cells only. */
export function retyped(cell: DraftCell, type: DraftCellType): DraftCell {
  if (type === cell.type) return cell
  const { outputs: _outputs, execution_count: _count, ...rest } = cell.rest
  return {
    ...cell,
    type,
    rest: type === 'code' ? { ...rest, execution_count: null, outputs: [] } : rest,
  }
}

/** The list with the cell at `from` moved by `by` places, if it stays within the list. */
export function moved<T>(list: T[], from: number, by: number) {
  const to = from + by
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return list
  const copy = [...list]
  const [item] = copy.splice(from, 1)
  copy.splice(to, 0, item!)
  return copy
}

/** The .ipynb text of a draft (nbformat 4, as the server checks it). */
export function ipynbOf(draft: Draft) {
  const cells = draft.cells.map((c) => ({ cell_type: c.type, ...c.rest, source: c.source }))
  return JSON.stringify(
    { nbformat: 4, nbformat_minor: 5, metadata: {}, ...draft.top, cells },
    null,
    1,
  )
}
