// A publishing call's business error: Kaggle's clients expect HTTP 200 with `error` (a string)
// and `errorCode` (409 means "the variation exists", which makes kagglehub create a version
// instead). Only the create calls answer this way; everything else uses the error envelope.
import type { Context } from 'hono'
import type { AppEnv } from '../env'

export class PublishRefused extends Error {
  constructor(
    message: string,
    readonly errorCode: 400 | 404 | 409 | 413,
  ) {
    super(message)
  }
}

export interface PublishDone {
  id: number
  ref: string
  url: string
}

/** The answer of a create call: what it made, or the refusal as 200 `{error, errorCode}`. */
export async function publishAnswer(
  c: Context<AppEnv>,
  create: () => Promise<PublishDone | Record<string, never>>,
) {
  try {
    return c.json(await create(), 200)
  } catch (err) {
    if (!(err instanceof PublishRefused)) throw err
    return c.json({ error: err.message, errorCode: err.errorCode }, 200)
  }
}
