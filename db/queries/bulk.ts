import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm'
import { SQLiteAsyncDialect, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Db } from '../client'

const dialect = new SQLiteAsyncDialect()

// D1 allows 100 bound parameters per statement, so many-row writes pass their rows as one JSON
// parameter and expand it with json_each: one statement per few hundred rows.
const maxJsonBytes = 512 * 1024

type Row<T extends SQLiteTable> = Partial<T['$inferInsert']>

export interface UpsertOptions<T extends SQLiteTable> {
  /** TS keys of the unique index to upsert on; omit for a plain insert */
  conflict?: (keyof T['$inferInsert'] & string)[]
  /** TS keys to overwrite on conflict (default: every given column except the conflict keys) */
  update?: (keyof T['$inferInsert'] & string)[]
  /** extra SQL appended to the conflict target, e.g. the WHERE of a partial unique index */
  conflictWhere?: SQL
  /** TS keys to return from every written row */
  returning?: (keyof T['$inferSelect'] & string)[]
}

/** Inserts (or upserts) many rows in as few statements as the JSON size allows. */
export async function bulkUpsert<T extends SQLiteTable, R = Record<string, unknown>>(
  db: Db,
  table: T,
  rows: Row<T>[],
  options: UpsertOptions<T> = {},
): Promise<R[]> {
  if (!rows.length) return []
  const statements = chunkRows(rows).map((chunk) => upsertStatement(table, chunk, options))
  const results: R[] = []
  for (const answer of await executeBatched(db, statements))
    results.push(...(answer.results as R[]))
  return results
}

/** The statement `bulkUpsert` runs for one chunk, for callers that batch it with other writes. */
function upsertStatement<T extends SQLiteTable>(
  table: T,
  rows: Row<T>[],
  options: UpsertOptions<T> = {},
) {
  const columns = getTableColumns(table) as Record<string, { name: string }>
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const name = (key: string) => {
    const column = columns[key]
    if (!column) throw new Error(`${getTableName(table)} has no column ${key}`)
    return column.name
  }
  const json = JSON.stringify(
    rows.map((row) =>
      Object.fromEntries(
        keys.map((k) => [name(k), toSqlValue((row as Record<string, unknown>)[k])]),
      ),
    ),
  )
  const columnList = sql.raw(keys.map((k) => `"${name(k)}"`).join(', '))
  const selectList = sql.raw(keys.map((k) => `value ->> '$.${name(k)}'`).join(', '))
  let statement = sql`insert into ${table} (${columnList}) select ${selectList} from json_each(${json}) where true`
  if (options.conflict) {
    const target = sql.raw(options.conflict.map((k) => `"${name(k)}"`).join(', '))
    const updates = (options.update ?? keys.filter((k) => !options.conflict!.includes(k as never)))
      .map((k) => `"${name(k)}" = excluded."${name(k)}"`)
      .join(', ')
    const where = options.conflictWhere ? sql` where ${options.conflictWhere}` : sql``
    statement = updates
      ? sql`${statement} on conflict (${target})${where} do update set ${sql.raw(updates)}`
      : sql`${statement} on conflict (${target})${where} do nothing`
  }
  if (options.returning?.length) {
    statement = sql`${statement} returning ${sql.raw(options.returning.map((k) => `"${name(k)}" as "${k}"`).join(', '))}`
  }
  return statement
}

function toSqlValue(value: unknown) {
  if (value === undefined) return null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Date) return value.getTime()
  return value
}

function chunkRows<T>(rows: T[]) {
  const chunks: T[][] = []
  let current: T[] = []
  let size = 0
  for (const row of rows) {
    const rowSize = JSON.stringify(row).length
    if (current.length && size + rowSize > maxJsonBytes) {
      chunks.push(current)
      current = []
      size = 0
    }
    current.push(row)
    size += rowSize
  }
  if (current.length) chunks.push(current)
  return chunks
}

/** Runs statements in D1 batches (each batch is atomic on its own). */
export async function runInBatches(db: Db, statements: SQL[], size = 50) {
  await executeBatched(db, statements, size)
}

// drizzle cannot batch raw statements that carry parameters, so these go to D1 directly
/** Runs statements in D1 batches of `size`, answering D1's result of each. */
export async function executeBatched(db: Db, statements: SQL[], size = 50) {
  const client = db.$client
  const answers: D1Result[] = []
  for (let i = 0; i < statements.length; i += size) {
    const prepared = statements.slice(i, i + size).map((statement) => {
      const query = dialect.sqlToQuery(statement)
      return client.prepare(query.sql).bind(...query.params)
    })
    answers.push(...(await client.batch(prepared)))
  }
  return answers
}

/** `items` in consecutive slices of at most `size`. */
export function chunk<T>(items: T[], size: number) {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
