import { Hono } from 'hono'
import { createDb } from '../db/client'
import type { AppEnv } from './env'
import { renderError, renderNotFound } from './errors'
import admin from './routes/admin'
import files from './routes/files'
import discussions from './routes/discussions'
import models from './routes/models'
import owners from './routes/owners'
import stats from './routes/stats'

const app = new Hono<AppEnv>().basePath('/api/v1')

app.use(async (c, next) => {
  c.set('db', createDb(c.env.DB))
  await next()
})

app
  .get('/health', (c) => c.json({ ok: true }, 200))
  .route('/models', models)
  .route('/', files)
  .route('/admin', admin)
  .route('/owners', owners)
  .route('/stats', stats)
  .route('/discussions', discussions)

app.onError(renderError)
app.notFound(renderNotFound)
export default app
