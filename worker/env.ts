import type { Db } from '../db/client'
import type { Actor } from './accounts/actor'

declare global {
  namespace Cloudflare {
    interface Env {
      /** operator token for /api/v1/admin (a secret: `wrangler secret put ADMIN_TOKEN`, or .dev.vars) */
      ADMIN_TOKEN?: string
      /** where the demo models' manifest and files are served from (scripts/source-server.mjs) */
      DEMO_SOURCE_URL?: string
      /** read-only GitHub token for the commit check (a secret) */
      GITHUB_TOKEN?: string
    }
  }
}

export interface AppEnv {
  Bindings: Env
  /** `actor` is the caller, set by worker/accounts/authenticate.ts */
  Variables: { db: Db; actor: Actor }
}
