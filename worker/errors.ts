import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Context } from 'hono'

const statusByCode = {
  // not an error: the pull-through is fetching the files; the answer says how far (details)
  ACCEPTED: 202,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  GONE: 410,
  LENGTH_REQUIRED: 411,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  RANGE_NOT_SATISFIABLE: 416,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
} as const satisfies Record<string, ContentfulStatusCode>

export type ErrorCode = keyof typeof statusByCode

export interface ErrorIssue {
  path: string
  message: string
}

/** The one error the app throws; `renderError` turns it into the common envelope. */
export class ApiError extends HTTPException {
  readonly code: ErrorCode
  readonly issues?: ErrorIssue[]
  /** headers the answer carries, e.g. Retry-After on TOO_MANY_REQUESTS */
  readonly headers?: Record<string, string>
  /** machine-readable facts about the answer, e.g. the progress of an ACCEPTED fetch */
  readonly details?: Record<string, unknown>

  constructor(
    code: ErrorCode,
    message: string,
    issues?: ErrorIssue[],
    headers?: Record<string, string>,
    details?: Record<string, unknown>,
  ) {
    super(statusByCode[code], { message })
    this.code = code
    this.issues = issues
    this.headers = headers
    this.details = details
  }
}

/**
 * The envelope of every non-2xx JSON answer. Kaggle's clients read a numeric top-level `code`
 * equal to the status and a `message` (docs/kaggle-api.md, "Errors"); ours is the `error` object.
 */
export function errorBody(
  code: ErrorCode,
  message: string,
  issues?: ErrorIssue[],
  details?: Record<string, unknown>,
) {
  return {
    code: statusByCode[code] as number,
    message,
    error: { code, message, ...(issues && { issues }), ...(details && { details }) },
  }
}

export function renderError(err: Error, c: Context) {
  if (err instanceof ApiError) {
    return c.json(
      errorBody(err.code, err.message, err.issues, err.details),
      err.status,
      err.headers,
    )
  }
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST'
    return c.json(errorBody(code, err.message || 'Bad request'), statusByCode[code])
  }
  console.error('unhandled error', c.req.method, c.req.path, err)
  return c.json(errorBody('INTERNAL', 'Internal server error'), 500)
}

export function renderNotFound(c: Context) {
  return c.json(errorBody('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`), 404)
}
