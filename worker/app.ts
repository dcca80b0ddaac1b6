import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import { createDb } from '../db/client'
import { authenticate } from './accounts/authenticate'
import { sameOriginWrites } from './accounts/csrf'
import type { AppEnv } from './env'
import { renderError, renderNotFound } from './errors'
import { rateLimit } from './http/rate-limit'
import { securityHeaders } from './http/security-headers'
import account from './routes/account'
import accountProfile from './routes/account-profile'
import admin from './routes/admin'
import adminCommunity from './routes/admin-community'
import adminUsers from './routes/admin-users'
import auth from './routes/auth'
import authOidc from './routes/auth-oidc'
import files from './routes/files'
import discussions from './routes/discussions'
import hello from './routes/hello'
import models from './routes/models'
import notebooks from './routes/notebooks'
import notebookRunner from './routes/notebook-runner'
import myModels from './routes/my-models'
import owners from './routes/owners'
import pages from './routes/pages'
import publish from './routes/publish'
import stats from './routes/stats'
import suggestions from './routes/suggestions'
import tfhubUrls from './routes/tfhub-urls'
import users from './routes/users'
import votes from './routes/votes'
import { rpc } from './rpc/dispatch'
import { movedApiHandles } from './routes/moved-handles'

const app = new Hono<AppEnv>().basePath('/api/v1')

const withDb = createMiddleware<AppEnv>(async (c, next) => {
  c.set('db', createDb(c.env.DB))
  await next()
})

app.use(rateLimit, withDb, sameOriginWrites, authenticate)

app
  .get('/health', (c) => c.json({ ok: true }, 200))
  .route('/', publish)
  .route('/', myModels)
  .route('/models', models)
  .route('/', files)
  .route('/auth/oidc', authOidc)
  .route('/auth', auth)
  .route('/account', account)
  .route('/account', accountProfile)
  .route('/', hello)
  .route('/admin/users', adminUsers)
  .route('/admin', admin)
  .route('/admin', adminCommunity)
  .route('/owners', owners)
  .route('/stats', stats)
  .route('/discussions', discussions)
  .route('/votes', votes)
  .route('/notebooks', notebooks)
  .route('/suggestions', suggestions)
  .route('/', users)
  // Kaggle's RPC methods; their paths name a service with a dot, which no route above has
  .route('/', rpc)

// Kaggle's RPC clients call /v1/{service}/{method} as well as /api/v1/... (docs/kaggle-api.md, "Clients").
// The root app holds the error handlers: on `app` they would wrap each of its handlers when
// mounted, hiding the `authorize` actions the authz matrix test reads from the route table.
const root = new Hono<AppEnv>()
root.use(securityHeaders)
root.use('/api/v1/*', movedApiHandles)
root.use('/v1/*', rateLimit, withDb, sameOriginWrites, authenticate)
root.route('/v1', rpc)
root.route('/', app)
// the notebook runner's sandboxed frame
root.route('/', notebookRunner)
// the SPA's public pages with their status and head, sitemap.xml, robots.txt
root.route('/', pages)
// last: tfhub.dev's URLs, /<publisher>/...; what is not a publisher goes to the SPA
root.route('/', tfhubUrls)
root.onError(renderError)
root.notFound(renderNotFound)

export default root
