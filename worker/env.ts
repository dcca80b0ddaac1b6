import type { Db } from '../db/client'
import type { Actor } from './accounts/actor'

declare global {
  namespace Cloudflare {
    interface Env {
      /** operator token for /api/v1/admin (a secret: `wrangler secret put ADMIN_TOKEN`, or .dev.vars) */
      ADMIN_TOKEN?: string
      /** where the demo models' manifest and files are served from (scripts/source-server.mjs) */
      DEMO_SOURCE_URL?: string
      /**
       * TESTS AND LOCAL RUNS ONLY, never set in a deployment: one exact origin (the local
       * scripts/source-server.mjs, plain http on 127.0.0.1 and a port) that the pull-through
       * may fetch from besides the https hosts of PULL_ALLOWED_HOSTS (docs/pull-through.md)
       */
      PULL_TEST_ORIGIN?: string
      /** read-only GitHub token for the commit check (a secret) */
      GITHUB_TOKEN?: string
      /** "Sign in with …" (worker/accounts/oidc.ts): on when issuer, client id and secret are set */
      OIDC_ISSUER?: string
      OIDC_CLIENT_ID?: string
      /** a secret */
      OIDC_CLIENT_SECRET?: string
      /** the provider's name on the sign-in button; the issuer's host when unset */
      OIDC_NAME?: string
    }
  }
}

export interface AppEnv {
  Bindings: Env
  /** `actor` is the caller, set by worker/accounts/authenticate.ts */
  Variables: { db: Db; actor: Actor }
}
