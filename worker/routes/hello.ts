// kagglehub 0.3.13's whoami() and login(): GET /api/v1/hello (docs/accounts.md).
import { Hono } from 'hono'
import { authorize, currentUser } from '../accounts/permissions'
import type { AppEnv } from '../env'

const hello = new Hono<AppEnv>().get('/hello', authorize('identity.hello'), (c) => {
  return c.json({ userName: currentUser(c).user.username }, 200)
})

export default hello
