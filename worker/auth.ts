import { createMiddleware } from 'hono/factory'
import { authorize } from './accounts/permissions'
import type { AppEnv } from './env'

const adminRead = authorize('admin.read')
const adminWrite = authorize('admin.write')

/**
 * Lets through the operator (`Authorization: Bearer <ADMIN_TOKEN>`; with no token configured
 * there is no operator) and users with the admin role. Reads need 'admin.read', writes
 * 'admin.write' (worker/accounts/permissions.ts); `action` names the rule of its writes.
 */
export const requireAdmin = Object.assign(
  createMiddleware<AppEnv>((c, next) =>
    (c.req.method === 'GET' || c.req.method === 'HEAD' ? adminRead : adminWrite)(c, next),
  ),
  { action: adminWrite.action },
)
