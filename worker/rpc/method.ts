// What an RPC method is (an action of the permission table and a handler) and how it reads its
// body: Kaggle's RPC clients send camelCase JSON without the keys that hold their default
// (docs/kaggle-api.md, "RPC").
import type { Context } from 'hono'
import type { z } from 'zod'
import type { Action } from '../accounts/permissions'
import type { AppEnv } from '../env'
import { invalidRequest, readJsonObject } from '../validate'

export interface RpcMethod {
  action: Action
  handler: (c: Context<AppEnv>) => Promise<Response>
  /** for 'owner' actions: the owner id of what the body names (worker/accounts/permissions.ts) */
  resourceOf?: (c: Context<AppEnv>) => Promise<number>
  /** a larger body than the default 64 KiB (the create calls list upload tokens) */
  maxBodyBytes?: number
}

/**
 * The request body as the schema reads it: an empty body is `{}`, a missing or null key takes
 * the schema's default, unknown keys are ignored. Not JSON, not an object, or a bad value: 400.
 */
export async function rpcBody<T extends z.ZodType>(
  c: Context<AppEnv>,
  schema: T,
): Promise<z.infer<T>> {
  const value = await readJsonObject(c)
  const present = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null))
  const parsed = schema.safeParse(present)
  if (!parsed.success) throw invalidRequest(parsed.error)
  return parsed.data
}
