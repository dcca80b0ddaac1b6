// Kaggle's RPC generation: `POST /v1/{service}/{Method}` and `POST /api/v1/{service}/{Method}`,
// one table of methods (docs/kaggle-api.md, "RPC"). Each method is a route of its own, declared
// with its action, so the authz matrix test finds it in the route table; any other method of a
// service (a name with a dot, which no legacy path has) is 404, and another HTTP verb on a known
// method is 405, both in the error envelope the clients read.
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { authorize } from '../accounts/permissions'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { identityMethods } from './identity'
import type { RpcMethod } from './method'
import { modelApiMethods } from './model-api'
import { modelPublishMethods } from './model-publish'

const methods: Record<string, RpcMethod> = {
  ...identityMethods,
  ...modelApiMethods,
  ...modelPublishMethods,
}

// RPC bodies are identifiers and a few strings; file bytes never come this way
const defaultMaxBodyBytes = 64 * 1024
const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError('PAYLOAD_TOO_LARGE', `the request body exceeds ${maxSize} bytes`)
    },
  })

/** The RPC routes, mounted at /v1 and under /api/v1. */
export const rpc = new Hono<AppEnv>()
for (const [name, method] of Object.entries(methods)) {
  rpc.post(
    `/${name}`,
    limitBody(method.maxBodyBytes ?? defaultMaxBodyBytes),
    authorize(method.action, method.resourceOf),
    method.handler,
  )
}
rpc.all('/:service{[A-Za-z0-9_]+\\.[A-Za-z0-9_.]+}/:method', (c) => {
  const name = `${c.req.param('service')}/${c.req.param('method')}`
  if (!methods[name]) throw new ApiError('NOT_FOUND', `no RPC method ${name}`)
  throw new ApiError('METHOD_NOT_ALLOWED', `${name} answers POST only`, undefined, {
    allow: 'POST',
  })
})
