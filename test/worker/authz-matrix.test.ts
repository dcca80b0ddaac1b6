// The authorization matrix, generated from the app's route table: every mutating route, and every
// read of the signed-in user's own things (GET /api/v1/account/...), must declare its action
// (`authorize(action)`, worker/accounts/permissions.ts) and have a fixture here; each kind of caller must then get the status the permission table implies, in the
// error envelope when refused. A new mutating route without both fails this file.
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import app from '../../worker/app'
import { revokeApiToken } from '../../db/queries/api-tokens'
import { ignoresCredentials } from '../../worker/accounts/authenticate'
import { sha256Hex } from '../../worker/accounts/crypto'
import {
  decide,
  permissions,
  type Action,
  type Actor,
  type Rule,
} from '../../worker/accounts/permissions'
import { db, json, seedDemo } from './helpers'
import {
  bearer,
  call,
  makeSession,
  makeToken,
  makeUser,
  password,
  uniqueName,
} from './accounts-helpers'

type User = Awaited<ReturnType<typeof makeUser>>
interface Org {
  id: number
  slug: string
}

async function makeOrg(member: User): Promise<Org> {
  const slug = uniqueName('org')
  const row = await env.DB.prepare(
    `insert into owners (slug, kind, display_name, source) values (?, 'organization', ?, 'local') returning id`,
  )
    .bind(slug, slug)
    .first<{ id: number }>()
  await addMember(row!.id, member.id)
  return { id: row!.id, slug }
}

async function addMember(orgId: number, userId: number) {
  await env.DB.prepare(
    `insert into organization_members (organization_id, user_id, role) values (?, ?, 'member')`,
  )
    .bind(orgId, userId)
    .run()
}

/** A listed model of `org`, with a topic and a reply by `author`. */
async function makeThread(org: Org, author: User) {
  const slug = uniqueName('model')
  const model = await env.DB.prepare(
    `insert into models (owner_id, slug, title, provenance) values (?, ?, 'Matrix', 'community') returning id`,
  )
    .bind(org.id, slug)
    .first<{ id: number }>()
  const topic = await env.DB.prepare(
    `insert into discussion_topics (model_id, author_id, title, body_md, last_activity_at) values (?, ?, 'A topic', 'body', 0) returning id`,
  )
    .bind(model!.id, author.id)
    .first<{ id: number }>()
  const comment = await env.DB.prepare(
    `insert into discussion_comments (topic_id, author_id, body_md) values (?, ?, 'a reply') returning id`,
  )
    .bind(topic!.id, author.id)
    .first<{ id: number }>()
  return { model: `${org.slug}/${slug}`, topicId: topic!.id, commentId: comment!.id }
}

/** A 1x1 PNG. */
const png = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  ),
  (ch) => ch.charCodeAt(0),
)

// the catalog's RPC reads answer about a demo model
beforeAll(async () => {
  await seedDemo()
})

const callers = [
  'anonymous',
  'other user',
  'owner',
  'organization member',
  'admin',
  'operator',
  'revoked token',
  'expired session',
  'read-only token',
  'read-write token',
] as const
type Caller = (typeof callers)[number]

interface Case {
  path: string
  body?: unknown
  /** a raw body instead of JSON (uploads) */
  raw?: Uint8Array
  /** the status when the caller is allowed */
  ok: number
}

/**
 * How to call each route: `owner` owns the resource the route acts on (or wrote the post, for
 * 'author' rules), `actor` is the user calling (undefined for anonymous and the operator), `org`
 * an organization `owner` and the organization member both belong to. Routes under an 'owner'
 * rule act on a resource of `org`.
 */
const fixtures: Record<string, (owner: User, actor: User | undefined, org: Org) => Promise<Case>> =
  {
    'POST /api/v1/auth/signup': async () => {
      const username = uniqueName()
      return {
        path: '/api/v1/auth/signup',
        body: { username, displayName: 'M', email: `${username}@example.test`, password },
        ok: 201,
      }
    },
    'POST /api/v1/auth/signin': async (owner) => ({
      path: '/api/v1/auth/signin',
      body: { username: owner.username, password },
      ok: 200,
    }),
    'POST /api/v1/auth/signout': async () => ({ path: '/api/v1/auth/signout', ok: 204 }),
    'POST /api/v1/auth/signout-everywhere': async () => ({
      path: '/api/v1/auth/signout-everywhere',
      ok: 204,
    }),
    'POST /api/v1/auth/password': async () => ({
      path: '/api/v1/auth/password',
      body: { currentPassword: password, newPassword: 'a new long password' },
      ok: 204,
    }),
    'DELETE /api/v1/account/sessions/:id': async (owner, actor) => {
      // a second session of the owner's: its owner may end it, anyone else finds no such session
      const token = await makeSession(owner.id)
      const found = await env.DB.prepare('select id from sessions where token_hash = ?')
        .bind(await sha256Hex(token))
        .first<{ id: string }>()
      return {
        path: `/api/v1/account/sessions/${found!.id}`,
        ok: actor?.id === owner.id ? 204 : 404,
      }
    },
    'POST /api/v1/account/legacy-key': async () => ({
      path: '/api/v1/account/legacy-key',
      ok: 201,
    }),
    'POST /api/v1/account/tokens': async () => ({
      path: '/api/v1/account/tokens',
      body: { name: 'm', scopes: ['read'] },
      ok: 201,
    }),
    'DELETE /api/v1/account/tokens/:id': async (owner, actor) => {
      const token = await makeToken(owner.id)
      const found = await env.DB.prepare('select id from api_tokens where prefix = ?')
        .bind(token.slice(0, 12))
        .first<{ id: number }>()
      return { path: `/api/v1/account/tokens/${found!.id}`, ok: actor?.id === owner.id ? 204 : 404 }
    },
    'POST /api/v1/api.v1.DiagnosticsService/Hello': async () => ({
      path: '/api/v1/api.v1.DiagnosticsService/Hello',
      body: {},
      ok: 200,
    }),
    'POST /v1/api.v1.DiagnosticsService/Hello': async () => ({
      path: '/v1/api.v1.DiagnosticsService/Hello',
      body: {},
      ok: 200,
    }),
    'POST /api/v1/security.OAuthService/IntrospectToken': async () => ({
      path: '/api/v1/security.OAuthService/IntrospectToken',
      body: { token: 'nope' },
      ok: 200,
    }),
    'POST /v1/security.OAuthService/IntrospectToken': async () => ({
      path: '/v1/security.OAuthService/IntrospectToken',
      body: { token: 'nope' },
      ok: 200,
    }),
    ...catalogRpcFixtures(),
    ...publishingFixtures(),
    ...notebookFixtures(),
    'POST /api/v1/admin/users': async () => {
      const username = uniqueName()
      return {
        path: '/api/v1/admin/users',
        body: { username, email: `${username}@example.test` },
        ok: 201,
      }
    },
    // an unknown trigger is refused by validation, after authorization: no sync runs
    'POST /api/v1/admin/sync/tfhub': async () => ({
      path: '/api/v1/admin/sync/tfhub?trigger=nope',
      ok: 400,
    }),
    'POST /api/v1/admin/search/snapshot': async () => ({
      path: '/api/v1/admin/search/snapshot',
      ok: 200,
    }),
    'POST /api/v1/admin/seed/demo': async () => ({ path: '/api/v1/admin/seed/demo', ok: 200 }),
    'PATCH /api/v1/account/profile': async () => ({
      path: '/api/v1/account/profile',
      body: { displayName: 'New name' },
      ok: 200,
    }),
    'PUT /api/v1/account/avatar': async () => ({
      path: '/api/v1/account/avatar',
      raw: png,
      ok: 200,
    }),
    'DELETE /api/v1/account/avatar': async () => ({ path: '/api/v1/account/avatar', ok: 204 }),
    'DELETE /api/v1/account': async (owner, actor) => ({
      path: '/api/v1/account',
      body: { confirm: actor?.username ?? owner.username, password },
      ok: 204,
    }),
    'PUT /api/v1/votes/models/:owner/:model': async (owner, _actor, org) => ({
      path: `/api/v1/votes/models/${(await makeThread(org, owner)).model}`,
      ok: 200,
    }),
    'DELETE /api/v1/votes/models/:owner/:model': async (owner, _actor, org) => ({
      path: `/api/v1/votes/models/${(await makeThread(org, owner)).model}`,
      ok: 200,
    }),
    'PUT /api/v1/votes/topics/:id': async (owner, _actor, org) => ({
      path: `/api/v1/votes/topics/${(await makeThread(org, owner)).topicId}`,
      ok: 200,
    }),
    'DELETE /api/v1/votes/topics/:id': async (owner, _actor, org) => ({
      path: `/api/v1/votes/topics/${(await makeThread(org, owner)).topicId}`,
      ok: 200,
    }),
    'PUT /api/v1/votes/comments/:id': async (owner, _actor, org) => ({
      path: `/api/v1/votes/comments/${(await makeThread(org, owner)).commentId}`,
      ok: 200,
    }),
    'DELETE /api/v1/votes/comments/:id': async (owner, _actor, org) => ({
      path: `/api/v1/votes/comments/${(await makeThread(org, owner)).commentId}`,
      ok: 200,
    }),
    'POST /api/v1/discussions/models/:owner/:model': async (owner, _actor, org) => ({
      path: `/api/v1/discussions/models/${(await makeThread(org, owner)).model}`,
      body: { title: 'A question', body: 'Does it *run*?' },
      ok: 201,
    }),
    'PATCH /api/v1/discussions/topics/:id': async (owner, _actor, org) => ({
      path: `/api/v1/discussions/topics/${(await makeThread(org, owner)).topicId}`,
      body: { body: 'edited' },
      ok: 200,
    }),
    'DELETE /api/v1/discussions/topics/:id': async (owner, _actor, org) => ({
      path: `/api/v1/discussions/topics/${(await makeThread(org, owner)).topicId}`,
      ok: 204,
    }),
    'POST /api/v1/discussions/topics/:id/comments': async (owner, _actor, org) => ({
      path: `/api/v1/discussions/topics/${(await makeThread(org, owner)).topicId}/comments`,
      body: { body: 'me too' },
      ok: 201,
    }),
    'PATCH /api/v1/discussions/comments/:id': async (owner, _actor, org) => ({
      path: `/api/v1/discussions/comments/${(await makeThread(org, owner)).commentId}`,
      body: { body: 'edited' },
      ok: 200,
    }),
    'DELETE /api/v1/discussions/comments/:id': async (owner, _actor, org) => ({
      path: `/api/v1/discussions/comments/${(await makeThread(org, owner)).commentId}`,
      ok: 204,
    }),
    'PUT /api/v1/discussions/topics/:id/moderation': async (owner, _actor, org) => ({
      path: `/api/v1/discussions/topics/${(await makeThread(org, owner)).topicId}/moderation`,
      body: { pinned: true, locked: true },
      ok: 200,
    }),
    'PUT /api/v1/discussions/comments/:id/moderation': async (owner, _actor, org) => ({
      path: `/api/v1/discussions/comments/${(await makeThread(org, owner)).commentId}/moderation`,
      body: { hidden: true },
      ok: 200,
    }),
    'POST /api/v1/discussions/topics/:id/reports': async (owner, _actor, org) => ({
      path: `/api/v1/discussions/topics/${(await makeThread(org, owner)).topicId}/reports`,
      body: { reason: 'spam' },
      ok: 201,
    }),
    'POST /api/v1/discussions/comments/:id/reports': async (owner, _actor, org) => ({
      path: `/api/v1/discussions/comments/${(await makeThread(org, owner)).commentId}/reports`,
      body: { reason: 'spam' },
      ok: 201,
    }),
    'POST /api/v1/suggestions': async () => ({
      path: '/api/v1/suggestions',
      body: { name: 'A zoo', url: 'https://example.test/zoo' },
      ok: 201,
    }),
    'PATCH /api/v1/admin/reports/:id': async (owner, _actor, org) => {
      const { topicId } = await makeThread(org, owner)
      const row = await env.DB.prepare(
        `insert into reports (reporter_id, target_kind, target_id, reason) values (?, 'topic', ?, 'x') returning id`,
      )
        .bind(owner.id, topicId)
        .first<{ id: number }>()
      return { path: `/api/v1/admin/reports/${row!.id}`, body: { status: 'resolved' }, ok: 200 }
    },
    'PATCH /api/v1/admin/suggestions/:id': async (owner) => {
      const row = await env.DB.prepare(
        `insert into source_suggestions (user_id, name, url) values (?, 'x', 'https://example.test') returning id`,
      )
        .bind(owner.id)
        .first<{ id: number }>()
      return {
        path: `/api/v1/admin/suggestions/${row!.id}`,
        body: { status: 'accepted' },
        ok: 200,
      }
    },
    'PUT /api/v1/admin/organizations/:org/members/:username': async (owner, _actor, org) => ({
      path: `/api/v1/admin/organizations/${org.slug}/members/${owner.username}`,
      body: { role: 'owner' },
      ok: 200,
    }),
    'DELETE /api/v1/admin/organizations/:org/members/:username': async (owner, _actor, org) => ({
      path: `/api/v1/admin/organizations/${org.slug}/members/${owner.username}`,
      ok: 204,
    }),
  }

/** A public model of `org` with a variation (no versions), for the create calls. */
async function makeVariation(org: Org) {
  const slug = uniqueName('model')
  const model = await env.DB.prepare(
    `insert into models (owner_id, slug, title, provenance) values (?, ?, 'Matrix', 'community') returning id`,
  )
    .bind(org.id, slug)
    .first<{ id: number }>()
  await env.DB.prepare(
    `insert into variations (model_id, framework, slug) values (?, 'pyTorch', 'default')`,
  )
    .bind(model!.id)
    .run()
  return { ownerSlug: org.slug, modelSlug: slug }
}

/**
 * Publishing (docs/publishing.md), legacy and RPC. The create calls name no files, so an allowed
 * caller gets Kaggle's 200 `{error}` and nothing is written; the upload target takes a token
 * started by the owner, whoever sends the bytes.
 */
function publishingFixtures() {
  const fixtures: Record<
    string,
    (owner: User, actor: User | undefined, org: Org) => Promise<Case>
  > = {
    'POST /api/v1/blobs/upload': async () => ({
      path: '/api/v1/blobs/upload',
      body: { type: 'model', name: 'w.bin', contentLength: 3 },
      ok: 200,
    }),
    'PUT /api/v1/uploads/:token': async (owner) => {
      const res = await call('/api/v1/blobs/upload', {
        authorization: bearer(await makeToken(owner.id)),
        body: { name: 'w.bin', contentLength: 3 },
        headers: { 'cf-connecting-ip': uniqueName('ip') },
      })
      const { token } = await json<{ token: string }>(res)
      return { path: `/api/v1/uploads/${token}`, raw: new Uint8Array([1, 2, 3]), ok: 200 }
    },
    'POST /api/v1/models/create/new': async (_owner, _actor, org) => ({
      path: '/api/v1/models/create/new',
      body: { ownerSlug: org.slug, slug: uniqueName('new'), isPrivate: true },
      ok: 200,
    }),
    'POST /api/v1/models/:owner/:model/create/instance': async (_owner, _actor, org) => {
      const { ownerSlug, modelSlug } = await makeVariation(org)
      return {
        path: `/api/v1/models/${ownerSlug}/${modelSlug}/create/instance`,
        body: { instanceSlug: 'other', framework: 'jax', files: [] },
        ok: 200,
      }
    },
    'POST /api/v1/models/:owner/:model/:framework/:variation/create/version': async (
      _owner,
      _actor,
      org,
    ) => {
      const { ownerSlug, modelSlug } = await makeVariation(org)
      return {
        path: `/api/v1/models/${ownerSlug}/${modelSlug}/pyTorch/default/create/version`,
        body: { versionNotes: 'x', files: [] },
        ok: 200,
      }
    },
    'POST /api/v1/models/:owner/:model/update': async (_owner, _actor, org) => {
      const { ownerSlug, modelSlug } = await makeVariation(org)
      return {
        path: `/api/v1/models/${ownerSlug}/${modelSlug}/update`,
        body: { title: 'Renamed' },
        ok: 200,
      }
    },
    'GET /api/v1/account/sessions': async () => ({ path: '/api/v1/account/sessions', ok: 200 }),
    'GET /api/v1/account/tokens': async () => ({ path: '/api/v1/account/tokens', ok: 200 }),
    'GET /api/v1/account/publishing': async () => ({
      path: '/api/v1/account/publishing',
      ok: 200,
    }),
    'GET /api/v1/account/models': async () => ({ path: '/api/v1/account/models', ok: 200 }),
    'GET /api/v1/account/uploads/:token': async (owner, actor) => {
      // an upload of the caller's own: nobody else's is ever found
      const who = actor ?? owner
      const res = await call('/api/v1/blobs/upload', {
        authorization: bearer(await makeToken(who.id)),
        body: { name: 'w.bin', contentLength: 3 },
        headers: { 'cf-connecting-ip': uniqueName('ip') },
      })
      const { token } = await json<{ token: string }>(res)
      return { path: `/api/v1/account/uploads/${token}`, ok: actor ? 200 : 404 }
    },
    'DELETE /api/v1/account/uploads/:token': async (owner, actor) => {
      // an upload of the caller's own, so every allowed caller has one to cancel
      const who = actor ?? owner
      const res = await call('/api/v1/blobs/upload', {
        authorization: bearer(await makeToken(who.id)),
        body: { name: 'w.bin', contentLength: 3 },
        headers: { 'cf-connecting-ip': uniqueName('ip') },
      })
      const { token } = await json<{ token: string }>(res)
      return { path: `/api/v1/account/uploads/${token}`, ok: actor ? 204 : 404 }
    },
    'PUT /api/v1/models/:owner/:model/labels': async (_owner, _actor, org) => {
      const { ownerSlug, modelSlug } = await makeVariation(org)
      return {
        path: `/api/v1/models/${ownerSlug}/${modelSlug}/labels`,
        body: { licenseId: null, tags: [] },
        ok: 200,
      }
    },
    'PATCH /api/v1/models/:owner/:model': async (_owner, _actor, org) => {
      const { ownerSlug, modelSlug } = await makeVariation(org)
      return {
        path: `/api/v1/models/${ownerSlug}/${modelSlug}`,
        body: { title: 'Edited' },
        ok: 200,
      }
    },
    'POST /api/v1/models/:owner/:model/delete': async (_owner, _actor, org) => {
      const { ownerSlug, modelSlug } = await makeVariation(org)
      return { path: `/api/v1/models/${ownerSlug}/${modelSlug}/delete`, body: {}, ok: 200 }
    },
    'POST /api/v1/models/:owner/:model/:framework/:variation/update': async (_o, _a, org) => {
      const { ownerSlug, modelSlug } = await makeVariation(org)
      return {
        path: `/api/v1/models/${ownerSlug}/${modelSlug}/pyTorch/default/update`,
        body: { overview: 'edited' },
        ok: 200,
      }
    },
    'POST /api/v1/models/:owner/:model/:framework/:variation/delete': async (_o, _a, org) => {
      const { ownerSlug, modelSlug } = await makeVariation(org)
      return {
        path: `/api/v1/models/${ownerSlug}/${modelSlug}/pyTorch/default/delete`,
        body: {},
        ok: 200,
      }
    },
    // the variation has no version: an allowed caller gets Kaggle's 200 {error}, nothing changes
    'POST /api/v1/models/:owner/:model/:framework/:variation/:version/delete': async (
      _o,
      _a,
      org,
    ) => {
      const { ownerSlug, modelSlug } = await makeVariation(org)
      return {
        path: `/api/v1/models/${ownerSlug}/${modelSlug}/pyTorch/default/1/delete`,
        body: {},
        ok: 200,
      }
    },
  }
  const rpc: Record<string, (org: Org) => Promise<unknown>> = {
    'models.ModelApiService/UpdateModel': async (org) => ({
      ...(await makeVariation(org)),
      title: 'Renamed',
    }),
    'models.ModelApiService/DeleteModel': async (org) => makeVariation(org),
    'models.ModelApiService/UpdateModelInstance': async (org) => ({
      ...(await makeVariation(org)),
      framework: 'MODEL_FRAMEWORK_PY_TORCH',
      instanceSlug: 'default',
      overview: 'edited',
    }),
    'models.ModelApiService/DeleteModelInstance': async (org) => ({
      ...(await makeVariation(org)),
      framework: 'MODEL_FRAMEWORK_PY_TORCH',
      instanceSlug: 'default',
    }),
    'models.ModelApiService/DeleteModelInstanceVersion': async (org) => ({
      ...(await makeVariation(org)),
      framework: 'MODEL_FRAMEWORK_PY_TORCH',
      instanceSlug: 'default',
      versionNumber: 1,
    }),
    'models.ModelApiService/CreateModel': async (org) => ({
      ownerSlug: org.slug,
      slug: uniqueName('new'),
      isPrivate: true,
    }),
    'models.ModelApiService/CreateModelInstance': async (org) => ({
      ...(await makeVariation(org)),
      body: { instanceSlug: 'other', framework: 'MODEL_FRAMEWORK_JAX', files: [] },
    }),
    'models.ModelApiService/CreateModelInstanceVersion': async (org) => ({
      ...(await makeVariation(org)),
      framework: 'MODEL_FRAMEWORK_PY_TORCH',
      instanceSlug: 'default',
      body: { versionNotes: 'x', files: [] },
    }),
    'blobs.BlobApiService/StartBlobUpload': async () => ({
      type: 'MODEL',
      name: 'w.bin',
      contentLength: 3,
    }),
  }
  for (const prefix of ['/v1', '/api/v1'])
    for (const [method, body] of Object.entries(rpc)) {
      const path = `${prefix}/${method}`
      fixtures[`POST ${path}`] = async (_owner, _actor, org) => ({
        path,
        body: await body(org),
        ok: 200,
      })
    }
  return fixtures
}

const notebookFile = new TextEncoder().encode(
  JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }),
)

/** A public notebook of `org` with one version and one input (a variation of a public model). */
async function makeNotebook(org: Org) {
  const { ownerSlug, modelSlug } = await makeVariation(org)
  const slug = uniqueName('nb')
  const notebook = await env.DB.prepare(
    `insert into hosted_notebooks (owner_id, slug, title, language, latest_version) values (?, ?, 'Matrix', 'python', 1) returning id`,
  )
    .bind(org.id, slug)
    .first<{ id: number }>()
  await env.DB.batch([
    env.DB.prepare(
      `insert into notebook_versions (notebook_id, number, r2_key, size_bytes, cell_count, sha256) values (?, 1, 'notebooks/sha256/x', 2, 0, 'x')`,
    ).bind(notebook!.id),
    env.DB.prepare(
      `insert into notebook_inputs (notebook_id, variation_id, model_id)
        select ?, v.id, v.model_id from variations v join models m on m.id = v.model_id where m.owner_id = ? and m.slug = ?`,
    ).bind(notebook!.id, org.id, modelSlug),
  ])
  return {
    path: `/api/v1/notebooks/${org.slug}/${slug}`,
    input: { owner: ownerSlug, model: modelSlug, framework: 'pyTorch', variation: 'default' },
  }
}

/** A comment by `author` on a public notebook of `org`: its path. */
async function makeNotebookComment(org: Org, author: User) {
  const { path } = await makeNotebook(org)
  const slug = path.split('/').pop()
  const row = await env.DB.prepare(
    `insert into notebook_comments (notebook_id, author_id, body_md)
      select id, ?, 'a comment' from hosted_notebooks where owner_id = ? and slug = ? returning id`,
  )
    .bind(author.id, org.id, slug)
    .first<{ id: number }>()
  return `${path}/comments/${row!.id}`
}

/** Hosted notebooks (docs/notebooks.md): create, upload and fork as a user; the rest as its owner. */
function notebookFixtures(): Record<
  string,
  (owner: User, actor: User | undefined, org: Org) => Promise<Case>
> {
  return {
    'POST /api/v1/notebooks': async (_owner, _actor, org) => {
      const { ownerSlug, modelSlug } = await makeVariation(org)
      return {
        path: '/api/v1/notebooks',
        body: {
          title: 'New',
          input: { owner: ownerSlug, model: modelSlug, framework: 'pyTorch', variation: 'default' },
        },
        ok: 201,
      }
    },
    'POST /api/v1/notebooks/upload': async () => ({
      path: '/api/v1/notebooks/upload?title=Uploaded',
      raw: notebookFile,
      ok: 201,
    }),
    'PATCH /api/v1/notebooks/:owner/:slug': async (_owner, _actor, org) => ({
      path: (await makeNotebook(org)).path,
      body: { title: 'Renamed' },
      ok: 200,
    }),
    'DELETE /api/v1/notebooks/:owner/:slug': async (_owner, _actor, org) => ({
      path: (await makeNotebook(org)).path,
      ok: 204,
    }),
    'POST /api/v1/notebooks/:owner/:slug/versions': async (_owner, _actor, org) => ({
      path: `${(await makeNotebook(org)).path}/versions`,
      raw: notebookFile,
      ok: 201,
    }),
    'PUT /api/v1/notebooks/:owner/:slug/inputs': async (_owner, _actor, org) => {
      const { path, input } = await makeNotebook(org)
      return { path: `${path}/inputs`, body: input, ok: 200 }
    },
    'DELETE /api/v1/notebooks/:owner/:slug/inputs/:inputOwner/:inputModel/:framework/:variation':
      async (_owner, _actor, org) => {
        const { path, input } = await makeNotebook(org)
        return { path: `${path}/inputs/${input.owner}/${input.model}/pyTorch/default`, ok: 200 }
      },
    'POST /api/v1/notebooks/:owner/:slug/fork': async (_owner, _actor, org) => ({
      path: `${(await makeNotebook(org)).path}/fork`,
      body: {},
      ok: 201,
    }),
    'POST /api/v1/notebooks/:owner/:slug/comments': async (_owner, _actor, org) => ({
      path: `${(await makeNotebook(org)).path}/comments`,
      body: { body: 'Nice notebook' },
      ok: 201,
    }),
    'PATCH /api/v1/notebooks/:owner/:slug/comments/:id': async (owner, _actor, org) => ({
      path: await makeNotebookComment(org, owner),
      body: { body: 'edited' },
      ok: 200,
    }),
    'DELETE /api/v1/notebooks/:owner/:slug/comments/:id': async (owner, _actor, org) => ({
      path: await makeNotebookComment(org, owner),
      ok: 204,
    }),
    'PUT /api/v1/notebooks/:owner/:slug/comments/:id/moderation': async (owner, _actor, org) => ({
      path: `${await makeNotebookComment(org, owner)}/moderation`,
      body: { hidden: true },
      ok: 200,
    }),
    'POST /api/v1/notebooks/:owner/:slug/comments/:id/reports': async (owner, _actor, org) => ({
      path: `${await makeNotebookComment(org, owner)}/reports`,
      body: { reason: 'spam' },
      ok: 201,
    }),
    'PUT /api/v1/votes/notebooks/:owner/:slug/comments/:id': async (owner, _actor, org) => ({
      path: (await makeNotebookComment(org, owner)).replace('/notebooks/', '/votes/notebooks/'),
      ok: 200,
    }),
    'DELETE /api/v1/votes/notebooks/:owner/:slug/comments/:id': async (owner, _actor, org) => ({
      path: (await makeNotebookComment(org, owner)).replace('/notebooks/', '/votes/notebooks/'),
      ok: 200,
    }),
    'PUT /api/v1/votes/notebooks/:owner/:slug': async (_owner, _actor, org) => ({
      path: (await makeNotebook(org)).path.replace('/notebooks/', '/votes/notebooks/'),
      ok: 200,
    }),
    'DELETE /api/v1/votes/notebooks/:owner/:slug': async (_owner, _actor, org) => ({
      path: (await makeNotebook(org)).path.replace('/notebooks/', '/votes/notebooks/'),
      ok: 200,
    }),
  }
}

/** Kaggle's RPC reads of the catalog (worker/rpc/model-api.ts), under both prefixes. */
function catalogRpcFixtures() {
  const variation = {
    ownerSlug: 'demo',
    modelSlug: 'blazeface',
    framework: 'MODEL_FRAMEWORK_TF_JS',
    instanceSlug: 'default',
  }
  const methods: Record<string, { body: unknown; ok: number }> = {
    GetModel: { body: { ownerSlug: 'demo', modelSlug: 'blazeface' }, ok: 200 },
    ListModels: {
      body: { search: '', sortBy: 'LIST_MODELS_ORDER_BY_HOTNESS', pageSize: 2 },
      ok: 200,
    },
    GetModelInstance: { body: variation, ok: 200 },
    ListModelInstances: { body: { ownerSlug: 'demo', modelSlug: 'blazeface' }, ok: 200 },
    ListModelInstanceVersions: { body: variation, ok: 200 },
    ListModelInstanceVersionFiles: { body: { ...variation, versionNumber: 1 }, ok: 200 },
    DownloadModelInstanceVersion: {
      body: { ...variation, versionNumber: 1, path: 'model.json' },
      ok: 302,
    },
  }
  const fixtures: Record<string, () => Promise<Case>> = {}
  for (const prefix of ['/v1', '/api/v1'])
    for (const [method, { body, ok }] of Object.entries(methods)) {
      const path = `${prefix}/models.ModelApiService/${method}`
      fixtures[`POST ${path}`] = async () => ({ path, body, ok })
    }
  return fixtures
}

const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Every mutating method and path of the app, and every read of the caller's own account, from
 * Hono's route table.
 */
function matrixRoutes() {
  const inMatrix = (r: (typeof app.routes)[number]) =>
    mutating.has(r.method) || (r.method === 'GET' && r.path.startsWith('/api/v1/account/'))
  const keys = new Set(app.routes.filter(inMatrix).map((r) => `${r.method} ${r.path}`))
  return [...keys].map((key) => {
    const [method, path] = key.split(' ') as [string, string]
    return { key, method, path }
  })
}

/** The action a route declares: an `authorize` middleware on it, or on a `/*` prefix over it. */
function actionOf(method: string, path: string): Action | undefined {
  for (const r of app.routes) {
    if (r.method !== method && r.method !== 'ALL') continue
    const covers =
      r.path === path || (r.path.endsWith('/*') && path.startsWith(r.path.slice(0, -1)))
    const action = (r.handler as { action?: Action }).action
    if (covers && action) return action
  }
  return undefined
}

/** The caller as authenticate would see it, for the permission table's decision. */
function actorOf(caller: Caller, user: User | undefined): Actor {
  const scopes = caller === 'read-only token' ? (['read'] as const) : (['read', 'write'] as const)
  if (
    caller === 'anonymous' ||
    caller === 'expired session' ||
    caller === 'revoked token' ||
    !user
  ) {
    return caller === 'operator' ? { kind: 'operator' } : { kind: 'anonymous' }
  }
  const via = caller.endsWith('token')
    ? { via: 'token' as const, tokenId: 0 }
    : { via: 'session' as const, sessionId: '' }
  return { kind: 'user', user, scopes, ...via } as Actor
}

function expectedStatus(
  caller: Caller,
  action: Action,
  path: string,
  user: User | undefined,
  ok: number,
) {
  if (caller === 'revoked token' && !ignoresCredentials(path.split('?')[0]!)) return 401
  const rule = permissions[action] as Rule
  // the organization member acts for the organization's resources, but wrote no post
  const related =
    caller === 'owner' ||
    (caller === 'organization member' && rule.who !== 'author') ||
    caller === 'read-only token' ||
    caller === 'read-write token'
  const decision = decide(actorOf(caller, user), rule, related)
  return decision === 'allow' ? ok : decision === 'unauthenticated' ? 401 : 403
}

async function credentialsOf(caller: Caller, owner: User, org: Org) {
  switch (caller) {
    case 'anonymous':
      return { user: undefined, options: {} }
    case 'operator':
      return { user: undefined, options: { authorization: 'Bearer test-admin-token' } }
    case 'owner':
      return { user: owner, options: { session: owner.session } }
    case 'other user': {
      const other = await makeUser()
      return { user: other, options: { session: other.session } }
    }
    case 'organization member': {
      const member = await makeUser()
      await addMember(org.id, member.id)
      return { user: member, options: { session: member.session } }
    }
    case 'admin': {
      const admin = await makeUser({ admin: true })
      return { user: admin, options: { session: admin.session } }
    }
    case 'revoked token': {
      const token = await makeToken(owner.id)
      const found = await env.DB.prepare('select id from api_tokens where prefix = ?')
        .bind(token.slice(0, 12))
        .first<{ id: number }>()
      await revokeApiToken(db(), owner.id, found!.id, new Date())
      return { user: owner, options: { authorization: bearer(token) } }
    }
    case 'expired session':
      return {
        user: owner,
        options: { session: await makeSession(owner.id, new Date(Date.now() - 1000)) },
      }
    case 'read-only token':
      return {
        user: owner,
        options: { authorization: bearer(await makeToken(owner.id, ['read'])) },
      }
    case 'read-write token':
      return {
        user: owner,
        options: { authorization: bearer(await makeToken(owner.id, ['read', 'write'])) },
      }
  }
}

describe('the route table', () => {
  it('has mutating routes and account reads', () => {
    expect(matrixRoutes().length).toBeGreaterThan(10)
    expect(matrixRoutes().map((r) => r.key)).toContain('GET /api/v1/account/models')
  })

  it.each(matrixRoutes().map((r) => [r.key]))('%s declares an action and has a fixture', (key) => {
    const [method, path] = key.split(' ') as [string, string]
    expect(actionOf(method, path), `${key} has no authorize(action)`).toBeDefined()
    expect(fixtures[key], `${key} has no fixture in authz-matrix.test.ts`).toBeDefined()
  })

  it('has no fixture for a route that is gone', () => {
    const keys = new Set(matrixRoutes().map((r) => r.key))
    expect(Object.keys(fixtures).filter((k) => !keys.has(k))).toEqual([])
  })
})

describe.each(matrixRoutes().map((r) => [r.key, r]))('%s', (_key, route) => {
  it.each(callers.map((c) => [c]))('as %s', async (caller) => {
    const action = actionOf(route.method, route.path)
    const fixture = fixtures[route.key]
    if (!action || !fixture) return // reported by 'the route table'
    const owner = await makeUser()
    const org = await makeOrg(owner)
    const { user, options } = await credentialsOf(caller, owner, org)
    const sample = await fixture(owner, user, org)
    const res = await call(sample.path, {
      method: route.method,
      ...options,
      ...(sample.body !== undefined ? { body: sample.body } : {}),
      ...(sample.raw !== undefined ? { raw: sample.raw } : {}),
      headers: { 'cf-connecting-ip': uniqueName('ip') },
    })
    const expected = expectedStatus(caller, action, sample.path, user, sample.ok)
    expect(res.status, `${caller} on ${route.key} (${action}): ${await res.clone().text()}`).toBe(
      expected,
    )
    if (expected === 401 || expected === 403) {
      expect(await json(res)).toMatchObject({
        code: expected,
        message: expect.any(String),
        error: {
          code: expected === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
          message: expect.any(String),
        },
      })
    } else {
      await res.body?.cancel()
    }
  })
})

// The matrix above derives its expectations from the same table the middleware reads; these
// cells are written out by hand, so a wrong rule in the table shows up here too.
describe('the permission table', () => {
  const user = {
    id: 1,
    ownerId: 1,
    username: 'u',
    displayName: 'U',
    email: 'u@x.test',
    isAdmin: false,
  }
  const session: Actor = {
    kind: 'user',
    user,
    via: 'session',
    sessionId: 's',
    scopes: ['read', 'write'],
  }
  const readToken: Actor = { kind: 'user', user, via: 'token', tokenId: 1, scopes: ['read'] }
  const writeToken: Actor = {
    kind: 'user',
    user,
    via: 'token',
    tokenId: 1,
    scopes: ['read', 'write'],
  }
  const admin: Actor = { ...session, user: { ...user, isAdmin: true } } as Actor
  it.each([
    ['auth.signup', { kind: 'anonymous' }, 'allow'],
    ['account.credentials', { kind: 'anonymous' }, 'unauthenticated'],
    ['account.credentials', writeToken, 'forbidden'],
    ['account.credentials', session, 'allow'],
    ['account.read', readToken, 'allow'],
    ['identity.hello', { kind: 'operator' }, 'forbidden'],
    ['admin.write', session, 'forbidden'],
    ['admin.write', admin, 'allow'],
    ['admin.write', { kind: 'operator' }, 'allow'],
    ['admin.write', { ...readToken, user: { ...user, isAdmin: true } }, 'forbidden'],
    ['owner.write', writeToken, 'forbidden'],
    ['catalog.read', { kind: 'anonymous' }, 'allow'],
    ['catalog.private', { kind: 'anonymous' }, 'unauthenticated'],
    ['catalog.private', readToken, 'forbidden'],
    ['notebook.create', readToken, 'forbidden'],
    ['notebook.create', writeToken, 'allow'],
    ['notebook.create', { kind: 'operator' }, 'forbidden'],
    ['notebook.write', writeToken, 'forbidden'],
    ['notebook.private', { kind: 'anonymous' }, 'unauthenticated'],
    ['notebook.private', session, 'forbidden'],
  ] as [Action, Actor, string][])('%s for %j: %s', (action, actor, decision) => {
    expect(decide(actor, permissions[action])).toBe(decision)
  })

  it('catalog.private: whoever may act for the owner, with read scope, or an admin', () => {
    expect(decide(readToken, permissions['catalog.private'], true)).toBe('allow')
    expect(decide(admin, permissions['catalog.private'], false)).toBe('allow')
    expect(decide({ kind: 'operator' }, permissions['catalog.private'])).toBe('allow')
  })

  it('owner.write: the owner or an organization member with write scope, or an admin', () => {
    expect(decide(writeToken, permissions['owner.write'], true)).toBe('allow')
    expect(decide(readToken, permissions['owner.write'], true)).toBe('forbidden')
    expect(decide(admin, permissions['owner.write'], false)).toBe('allow')
  })
})
