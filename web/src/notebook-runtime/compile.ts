// A code cell's source made into a function, as a Jupyter kernel would run it: top-level names
// (const, let, var, function, class) outlive the cell, so the next cell sees them, and the value
// of a final expression is the cell's result. Runs in the notebook runner's worker.

type CellFunction = (...args: unknown[]) => Promise<unknown>
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => CellFunction

const identifier = /[A-Za-z_$][\w$]*/g
const declaration = /^(?:const|let|var)\s+(\{[^=]*\}|\[[^=]*\]|[A-Za-z_$][\w$]*)/
const namedBlock = /^(?:async\s+)?(?:function\s*\*?|class)\s+([A-Za-z_$][\w$]*)/
// a line that cannot start the cell's last expression
const notAnExpression =
  /^(?:const|let|var|if|else|for|while|do|function|async\s+function|class|return|throw|try|catch|finally|switch|case|default|break|continue|import|export)\b|^(?:\/\/|\/\*|\*|[}\])])/

/** The names a top-level declaration pattern binds: `{ a, b: c, ...d }` binds a, c and d. */
function boundNames(pattern: string) {
  if (!/^[{[]/.test(pattern)) return [pattern]
  // drop property keys (`key:`) and defaults (`= value`), keep what is left of each name
  const cleaned = pattern.replace(/[\w$]+\s*:/g, ' ').replace(/=[^,}\]]*/g, ' ')
  return cleaned.match(identifier) ?? []
}

/** The top-level names of a cell (lines that start at column 0), and its source with `var`. */
function hoist(source: string) {
  const names = new Set<string>()
  const lines = source.split('\n').map((line) => {
    const declared = declaration.exec(line)
    if (declared) {
      for (const name of boundNames(declared[1]!)) names.add(name)
      return line.replace(/^(?:const|let)\b/, 'var')
    }
    const block = namedBlock.exec(line)
    if (!block) return line
    names.add(block[1]!)
    // the body runs in a try block, which would scope a class declaration to itself
    return line.replace(/^class\s+([A-Za-z_$][\w$]*)/, 'var $1 = class $1')
  })
  return { names: [...names], lines }
}

function compiles(params: string[], body: string) {
  try {
    return new AsyncFunction(...params, body)
  } catch {
    return undefined
  }
}

/**
 * The cell as an async function of `params`: it resolves to the value of the cell's last
 * expression (undefined when the cell ends in a statement) and, when it ends, copies its
 * top-level names to the worker's global scope for later cells. A syntax error throws.
 */
export function compileCell(source: string, params: string[]): CellFunction {
  const { names, lines } = hoist(source)
  const exported = names
    .map((n) => `try { if (typeof ${n} !== 'undefined') globalThis.${n} = ${n} } catch {}`)
    .join('\n')
  const wrap = (body: string) => `try {\n${body}\n} finally {\n${exported}\n}`
  let last = lines.length - 1
  while (last >= 0 && /^\s*(?:\/\/.*)?$/.test(lines[last]!)) last--
  // the last statement starts on the last line at column 0 that can start an expression
  let start = last
  while (start > 0 && /^\s/.test(lines[start]!)) start--
  if (start >= 0 && !/^\s/.test(lines[start]!) && !notAnExpression.test(lines[start]!)) {
    const head = lines.slice(0, start).join('\n')
    const tail = lines
      .slice(start, last + 1)
      .join('\n')
      .replace(/;\s*$/, '')
    const withResult = compiles(params, wrap(`${head}\nreturn (\n${tail}\n)`))
    if (withResult) return withResult
  }
  return new AsyncFunction(...params, wrap(`${lines.join('\n')}\nreturn undefined`))
}
