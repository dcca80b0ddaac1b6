// Owner profiles for the SPA's owner page. Not a Kaggle path: mounted at /api/v1/owners.
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { ownerAnswer } from '../services/owner-answer'

const owners = new Hono<AppEnv>().get('/:owner', async (c) => {
  return c.json(await ownerAnswer(c, c.req.param('owner')), 200)
})

export default owners
