// The caller of a request and the scopes a credential carries: a leaf, so the context type
// (worker/env.ts) and the permission table can both name it.
import type { AccountUser } from '../../db/queries/users'

export type Scope = 'read' | 'write'

/** The caller of a request, as `authenticate` found it. */
export type Actor =
  | { kind: 'anonymous' }
  /** the operator token (ADMIN_TOKEN): scripts and the cron, an admin that is no user */
  | { kind: 'operator' }
  | { kind: 'user'; user: AccountUser; via: 'session'; sessionId: string; scopes: readonly Scope[] }
  | { kind: 'user'; user: AccountUser; via: 'token'; tokenId: number; scopes: readonly Scope[] }
