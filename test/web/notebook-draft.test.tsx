import { describe, expect, it } from 'vitest'
import { draftOf, ipynbOf, moved, newCell, retyped } from '../../web/src/lib/notebook-draft'

const stored = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: 'javascript' } },
  cells: [
    { cell_type: 'markdown', metadata: { tag: 1 }, source: ['# Title\n', 'text'] },
    {
      cell_type: 'code',
      id: 'abc',
      metadata: {},
      execution_count: 3,
      source: 'display(1)',
      outputs: [{ output_type: 'stream', name: 'stdout', text: '1\n' }],
    },
  ],
}

describe("the notebook editor's draft", () => {
  it('round-trips a stored notebook, keeping metadata, ids and outputs', () => {
    const draft = draftOf(stored)
    expect(draft.cells.map((c) => [c.type, c.source])).toEqual([
      ['markdown', '# Title\ntext'],
      ['code', 'display(1)'],
    ])
    const back = JSON.parse(ipynbOf(draft))
    expect(back.metadata).toEqual(stored.metadata)
    expect(back.cells[0]).toEqual({
      cell_type: 'markdown',
      metadata: { tag: 1 },
      source: '# Title\ntext',
    })
    expect(back.cells[1]).toEqual({ ...stored.cells[1] })
    // the query's data is left as it was
    expect(stored.cells[0]!.source).toEqual(['# Title\n', 'text'])
  })

  it('adds, moves, retypes and deletes cells', () => {
    const draft = draftOf(stored)
    draft.cells.push(newCell('code', 'x'))
    draft.cells = moved(draft.cells, 2, -2)
    expect(draft.cells.map((c) => c.source)).toEqual(['x', '# Title\ntext', 'display(1)'])
    expect(moved(draft.cells, 0, -1)).toBe(draft.cells)
    draft.cells[2] = retyped(draft.cells[2]!, 'markdown')
    draft.cells.splice(1, 1)
    const back = JSON.parse(ipynbOf(draft))
    expect(back.cells).toEqual([
      { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: 'x' },
      { cell_type: 'markdown', id: 'abc', metadata: {}, source: 'display(1)' },
    ])
  })
})
