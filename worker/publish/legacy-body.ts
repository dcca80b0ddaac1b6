// A legacy publishing call's JSON body: keys match the schema's case-insensitively and ignoring
// '_' (the CLI 1.7 sends `instanceslug`, `versionnotes`), as `legacyQuery` does for query strings.
import type { Context } from 'hono'
import type { z } from 'zod'
import type { AppEnv } from '../env'
import { invalidRequest, normaliseKey, readJsonObject } from '../validate'

export async function legacyBody<T extends z.ZodObject>(
  c: Context<AppEnv>,
  schema: T,
): Promise<z.infer<T>> {
  const value = await readJsonObject(c)
  const names = new Map(Object.keys(schema.shape).map((name) => [normaliseKey(name), name]))
  const input: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    const name = names.get(normaliseKey(key))
    if (name && v !== null) input[name] = v
  }
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw invalidRequest(parsed.error)
  return parsed.data
}
