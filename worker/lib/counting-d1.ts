/**
 * Wraps a D1 binding to count the statements sent through it, so a job can report how much of
 * the per-invocation D1 query budget it used.
 */
export function countingD1(d1: D1Database) {
  const counter = { statements: 0 }
  const wrapped = new Proxy(d1, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (property === 'prepare') {
        return (query: string) => {
          counter.statements++
          return target.prepare(query)
        }
      }
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { d1: wrapped, counter }
}
