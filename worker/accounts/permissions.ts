// Who may do what: one table. Routes declare their action with `authorize(action)`; the authz
// matrix test (test/worker/authz-matrix.test.ts) walks the app's routes, reads each mutating
// route's action and checks every kind of caller against the rule here.
import { createMiddleware } from 'hono/factory'
import type { Context } from 'hono'
import type { Actor, Scope } from './actor'
import { isOrganizationMember } from '../../db/queries/users'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'

export type { Actor, Scope }

export type Rule =
  /** anyone, signed in or not */
  | { who: 'anyone' }
  /** any signed-in user: a session, or a token holding `scope` */
  | { who: 'user'; scope: Scope }
  /** a signed-in user through a browser session only: a leaked API token cannot change credentials */
  | { who: 'session' }
  /** the operator token, or a user with the admin role (a token of theirs needs `scope`) */
  | { who: 'admin'; scope: Scope }
  /** whoever may act for the resource's owner: that user, a member of that organization, an admin */
  | { who: 'owner'; scope: Scope }
  /** the author of a post only: nobody else edits someone's words (moderators hide instead) */
  | { who: 'author'; scope: Scope }

export const permissions = {
  'auth.signup': { who: 'anyone' },
  'auth.signin': { who: 'anyone' },
  'auth.signout': { who: 'session' },
  // who is signed in, or null
  'auth.session': { who: 'anyone' },
  'account.read': { who: 'user', scope: 'read' },
  'account.credentials': { who: 'session' },
  // display name and avatar
  'account.profile': { who: 'user', scope: 'write' },
  // deleting the account needs a browser session and the password
  'account.delete': { who: 'session' },
  'identity.hello': { who: 'user', scope: 'read' },
  // answers for the token in its body, never 401 (docs/accounts.md, "API credentials")
  'identity.introspect': { who: 'anyone' },
  // the model catalog, legacy and RPC: public models for anyone
  'catalog.read': { who: 'anyone' },
  // a private model is seen only by whoever may act for its owner; to anyone else it does not exist
  'catalog.private': { who: 'owner', scope: 'read' },
  'admin.read': { who: 'admin', scope: 'read' },
  'admin.write': { who: 'admin', scope: 'write' },
  // for the routes that write models on behalf of an owner: create a model, variation, version
  'owner.write': { who: 'owner', scope: 'write' },
  // start an upload of one file (docs/publishing.md); it counts against the caller's quota
  'upload.start': { who: 'user', scope: 'write' },
  // the upload target: the token in its URL is the capability, as in Kaggle's protocol
  'upload.put': { who: 'anyone' },
  // upvote or take back an upvote on a model, topic, comment, notebook or notebook comment
  'community.vote': { who: 'user', scope: 'write' },
  // start a topic, reply
  'discussion.post': { who: 'user', scope: 'write' },
  // edit or delete one's own topic or reply
  'discussion.edit': { who: 'author', scope: 'write' },
  // pin, lock, hide: the model's owner, members of the owning organization, admins
  'discussion.moderate': { who: 'owner', scope: 'write' },
  // report a topic, reply or notebook comment to the admins
  'discussion.report': { who: 'user', scope: 'write' },
  'suggestion.create': { who: 'user', scope: 'write' },
  // start a notebook (from a variation, an upload or a fork): it belongs to the caller
  'notebook.create': { who: 'user', scope: 'write' },
  // save a version, rename, change visibility, attach and detach inputs
  'notebook.write': { who: 'owner', scope: 'write' },
  // delete a notebook with its versions (its forks stay): whoever acts for its owner, admins
  'notebook.delete': { who: 'owner', scope: 'write' },
  // a private notebook is seen only by whoever may act for its owner; to anyone else it does not exist
  'notebook.private': { who: 'owner', scope: 'read' },
  // hide a notebook's comment, as discussion.moderate for a model's: whoever acts for the notebook's
  // owner, admins
  'notebook.moderate': { who: 'owner', scope: 'write' },
} as const satisfies Record<string, Rule>

export type Action = keyof typeof permissions

export type Decision = 'allow' | 'unauthenticated' | 'forbidden'

const hasScope = (actor: Extract<Actor, { kind: 'user' }>, scope: Scope) =>
  actor.scopes.includes(scope)

/**
 * The decision for a caller and an action. `related` says whether a user may act for the
 * resource's owner (themself or an organization they belong to) for 'owner' rules, or wrote the
 * post for 'author' rules; other rules do not ask.
 */
export function decide(actor: Actor, rule: Rule, related = false): Decision {
  if (rule.who === 'anyone') return 'allow'
  if (actor.kind === 'anonymous') return 'unauthenticated'
  if (actor.kind === 'operator')
    return rule.who === 'admin' || rule.who === 'owner' ? 'allow' : 'forbidden'
  switch (rule.who) {
    case 'session':
      return actor.via === 'session' ? 'allow' : 'forbidden'
    case 'user':
      return hasScope(actor, rule.scope) ? 'allow' : 'forbidden'
    case 'admin':
      return actor.user.isAdmin && hasScope(actor, rule.scope) ? 'allow' : 'forbidden'
    case 'owner':
      return (related || actor.user.isAdmin) && hasScope(actor, rule.scope) ? 'allow' : 'forbidden'
    case 'author':
      return related && hasScope(actor, rule.scope) ? 'allow' : 'forbidden'
  }
}

/** Whether a user may act for an owner: the owner is the user, or an organization they belong to. */
async function actsFor(c: Context<AppEnv>, ownerId: number) {
  const actor = c.var.actor
  if (actor.kind !== 'user') return false
  return (
    actor.user.ownerId === ownerId || (await isOrganizationMember(c.var.db, actor.user.id, ownerId))
  )
}

function throwFor(decision: Decision, action: Action) {
  if (decision === 'unauthenticated')
    throw new ApiError('UNAUTHORIZED', 'sign in or send API credentials')
  if (decision === 'forbidden') throw new ApiError('FORBIDDEN', `not allowed: ${action}`)
}

/** Whether the caller is related to the resource the way the rule asks (owner or author). */
async function relatedTo(c: Context<AppEnv>, rule: Rule, resource: number | undefined) {
  const actor = c.var.actor
  if (resource === undefined || actor.kind !== 'user') return false
  if (rule.who === 'author') return actor.user.id === resource
  return actsFor(c, resource)
}

/**
 * The middleware a route declares its action with. For 'owner' rules, `resourceOf` finds the
 * owner id of the resource the request is about; for 'author' rules, the user id of the post's
 * author (it throws 404 when there is none).
 */
export function authorize(action: Action, resourceOf?: (c: Context<AppEnv>) => Promise<number>) {
  const rule: Rule = permissions[action]
  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    const asks = (rule.who === 'owner' || rule.who === 'author') && resourceOf
    const resource = asks && c.var.actor.kind === 'user' ? await resourceOf(c) : undefined
    throwFor(decide(c.var.actor, rule, await relatedTo(c, rule, resource)), action)
    await next()
  })
  return Object.assign(middleware, { action })
}

/**
 * Whether the caller may do `action` on a resource of this owner (or, for 'author' rules, a post
 * of this user), without answering for it: for checks inside a handler, e.g. whether a private
 * model is visible (`catalog.private`) or a moderator sees hidden replies.
 */
export async function allows(c: Context<AppEnv>, action: Action, resource: number) {
  const rule: Rule = permissions[action]
  return decide(c.var.actor, rule, await relatedTo(c, rule, resource)) === 'allow'
}

/** The signed-in user of a request that passed `authorize` with a user rule. */
export function currentUser(c: Context<AppEnv>) {
  const actor = c.var.actor
  if (actor.kind !== 'user') throw new ApiError('UNAUTHORIZED', 'sign in or send API credentials')
  return actor
}
