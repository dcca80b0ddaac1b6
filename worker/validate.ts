import type { Context } from 'hono'
import { validator } from 'hono/validator'
import type { z } from 'zod'
import { ApiError } from './errors'

/** A legacy client's spelling of a name, as matched: lower case, without '_'. */
export const normaliseKey = (key: string) => key.toLowerCase().replace(/_/g, '')

/** the longest value any query parameter may have; each schema caps its own more tightly */
const maxQueryValueLength = 2048

/**
 * Validates the query string the way Kaggle's legacy clients send it: parameter names match
 * case-insensitively and ignoring '_' (`page_size`, `pagesize`, `pageSize`), unknown ones are
 * ignored. Bad values answer 400 naming the parameter. A repeated parameter counts once, unless
 * `joinRepeated`: then its values (and those of its other spellings) are joined by commas.
 * Any value over 2,048 characters is a 400 before the schema sees it.
 */
export function legacyQuery<T extends z.ZodObject>(
  schema: T,
  options: { joinRepeated?: boolean } = {},
) {
  const names = new Map(Object.keys(schema.shape).map((name) => [normaliseKey(name), name]))
  return validator('query', (query): z.infer<T> => {
    const input: Record<string, string> = {}
    for (const [key, value] of Object.entries(query)) {
      const name = names.get(normaliseKey(key))
      const long = (Array.isArray(value) ? value : [value]).some(
        (v) => v !== undefined && v.length > maxQueryValueLength,
      )
      if (name && long)
        throw new ApiError('BAD_REQUEST', `Invalid request: ${name}: value too long`, [
          { path: name, message: `must be at most ${maxQueryValueLength} characters` },
        ])
      if (options.joinRepeated) {
        const values = (Array.isArray(value) ? value : [value]).filter(
          (v): v is string => v !== undefined,
        )
        if (name && values.length) input[name] = [input[name], ...values].filter(Boolean).join(',')
        continue
      }
      const first = Array.isArray(value) ? value[0] : value
      if (name && first !== undefined) input[name] = first
    }
    const parsed = schema.safeParse(input)
    if (parsed.success) return parsed.data
    throw invalidRequest(parsed.error)
  })
}

export function invalidRequest(error: z.ZodError) {
  const issues = error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }))
  const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
  return new ApiError('BAD_REQUEST', `Invalid request: ${message}`, issues)
}

/**
 * Validates a JSON body. Malformed JSON answers 400 from Hono's validator; a body that does not
 * match answers 400 naming the fields. Unknown keys are dropped (zod's default).
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return validator('json', (body): z.infer<T> => {
    const parsed = schema.safeParse(body)
    if (parsed.success) return parsed.data
    throw invalidRequest(parsed.error)
  })
}

/** The request body as a JSON object; an empty body is `{}`. Not JSON or not an object: 400. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text()
  if (!text.trim()) return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ApiError('BAD_REQUEST', 'the request body is not JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ApiError('BAD_REQUEST', 'the request body must be a JSON object')
  return value as Record<string, unknown>
}
