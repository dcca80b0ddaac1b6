import { afterEach, describe, expect, it } from 'vitest'
import { compileCell } from '../../web/src/notebook-runtime/compile'

const g = globalThis as Record<string, unknown>
const run = (source: string, helpers: Record<string, unknown> = {}) =>
  compileCell(source, Object.keys(helpers))(...Object.values(helpers))

describe('compileCell: a cell as a Jupyter kernel runs it', () => {
  afterEach(() => {
    for (const name of ['a', 'b', 'c', 'd', 'f', 'K', 'x']) delete g[name]
  })

  it('answers the value of the last expression, also when it spans lines', async () => {
    expect(await run('const x = 2\nx * 21')).toBe(42)
    expect(await run('[1, 2, 3]\n  .map((n) => n * 2)\n  .join(",")\n')).toBe('2,4,6')
    expect(await run('const y = 1;\ny + 1;\n// a comment at the end\n')).toBe(2)
  })

  it('answers undefined when the cell ends in a statement or a block', async () => {
    expect(await run('const x = 1')).toBeUndefined()
    expect(await run('if (true) {\n  1\n}')).toBeUndefined()
    expect(await run('for (const n of [1]) {\n  n\n}')).toBeUndefined()
  })

  it('keeps top-level names for later cells: const, let, destructuring, functions, classes', async () => {
    await run(
      'const a = 1\nlet { b, c: d } = { b: 2, c: 3 }\nvar [f] = [4]\nfunction x() { return 5 }\nclass K {}',
    )
    expect([g.a, g.b, g.d, g.f]).toEqual([1, 2, 3, 4])
    expect(await run('x() + a')).toBe(6)
    expect(typeof g.K).toBe('function')
    // a name redeclared in a later cell takes the new value
    await run('const a = 10')
    expect(await run('a')).toBe(10)
  })

  it('awaits at the top level and passes the helpers in', async () => {
    const display = (v: unknown) => v
    expect(await run('await Promise.resolve(3)', {})).toBe(3)
    expect(await run('display(7)', { display })).toBe(7)
  })

  it('throws a SyntaxError for a cell that does not parse, and the error of a failing cell', async () => {
    expect(() => compileCell('const = 1', [])).toThrow(SyntaxError)
    await expect(run('null.x')).rejects.toThrow(TypeError)
  })
})
