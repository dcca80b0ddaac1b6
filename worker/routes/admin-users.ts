// An operator creates accounts without the SPA (README "Bootstrap an account"). Mounted at
// /api/v1/admin/users.
import { Hono } from 'hono'
import { z } from 'zod'
import { createUser, emailTaken, ownerSlugTaken } from '../../db/queries/users'
import { issueLegacyKey } from '../accounts/credentials'
import { hashPassword, passwordRule } from '../accounts/password'
import { authorize } from '../accounts/permissions'
import { emailSchema, usernameSchema } from '../accounts/username'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { jsonBody } from '../validate'

const createUserBody = z.object({
  username: usernameSchema,
  email: emailSchema,
  displayName: z.string().trim().min(1).max(100).optional(),
  // without one the account signs in only with its key, until a password is set
  password: z.string().min(passwordRule.min).max(passwordRule.max).optional(),
  admin: z.boolean().default(false),
})

const adminUsers = new Hono<AppEnv>().post(
  '/',
  authorize('admin.write'),
  jsonBody(createUserBody),
  async (c) => {
    const body = c.req.valid('json')
    if (await ownerSlugTaken(c.var.db, body.username))
      throw new ApiError('CONFLICT', `username ${body.username} is taken`)
    if (await emailTaken(c.var.db, body.email))
      throw new ApiError('CONFLICT', 'an account with this email exists')
    const user = await createUser(c.var.db, {
      username: body.username,
      displayName: body.displayName ?? body.username,
      email: body.email,
      passwordHash: body.password ? await hashPassword(body.password) : null,
      isAdmin: body.admin,
    })
    return c.json({ username: user.username, key: await issueLegacyKey(c.var.db, user.id) }, 201)
  },
)

export default adminUsers
