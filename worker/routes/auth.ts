// Sign up, sign in and out, change password, who am I. Mounted at /api/v1/auth.
import { Hono } from 'hono'
import { z } from 'zod'
import { deleteSession, deleteSessionsOf } from '../../db/queries/sessions'
import {
  createUser,
  emailTaken,
  findUserForSignIn,
  getPasswordHash,
  ownerSlugTaken,
  setPasswordHash,
} from '../../db/queries/users'
import type { AccountUser } from '../../db/queries/users'
import type { AccountMe } from '../api-types'
import { hashPassword, passwordRule, verifyPassword } from '../accounts/password'
import { authorize, currentUser } from '../accounts/permissions'
import {
  checkAccountFailures,
  clientIp,
  countAccountFailure,
  countIpAttempt,
} from '../accounts/rate-limit'
import { clearSessionCookie, startSession } from '../accounts/session'
import { emailSchema, usernameSchema } from '../accounts/username'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { jsonBody } from '../validate'

const passwordSchema = z
  .string()
  .min(passwordRule.min, `must be at least ${passwordRule.min} characters`)
  .max(passwordRule.max, `must be at most ${passwordRule.max} characters`)

const signUpBody = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(100),
  email: emailSchema,
  password: passwordSchema,
})

const signInBody = z
  .object({
    username: z.string().trim().toLowerCase().max(254).optional(),
    email: z.string().trim().toLowerCase().max(254).optional(),
    // any length: a password outside today's rule may still be an old one
    password: z.string().min(1).max(passwordRule.max),
  })
  .refine((b) => b.username || b.email, {
    message: 'username or email is required',
    path: ['username'],
  })

const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(passwordRule.max),
  newPassword: passwordSchema,
})

const toAccountMe = (user: AccountUser): AccountMe => ({
  username: user.username,
  displayName: user.displayName,
  email: user.email,
  isAdmin: user.isAdmin,
})

const isUniqueViolation = (err: unknown) =>
  /UNIQUE constraint failed/.test(String((err as { cause?: unknown })?.cause ?? err))

// the same answer for an unknown login and a wrong password
const badSignIn = () => new ApiError('UNAUTHORIZED', 'wrong username, email or password')

const auth = new Hono<AppEnv>()
  .post('/signup', authorize('auth.signup'), jsonBody(signUpBody), async (c) => {
    const body = c.req.valid('json')
    await countIpAttempt(c.var.db, clientIp(c.req.header('cf-connecting-ip')))
    if (await ownerSlugTaken(c.var.db, body.username))
      throw new ApiError('CONFLICT', `username ${body.username} is taken`)
    if (await emailTaken(c.var.db, body.email))
      throw new ApiError('CONFLICT', 'an account with this email exists')
    const passwordHash = await hashPassword(body.password)
    let user: AccountUser
    try {
      user = await createUser(c.var.db, { ...body, passwordHash })
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError('CONFLICT', 'username or email is taken')
      throw err
    }
    await startSession(c, user.id)
    return c.json(toAccountMe(user), 201)
  })
  .post('/signin', authorize('auth.signin'), jsonBody(signInBody), async (c) => {
    const { username, email, password } = c.req.valid('json')
    const login = (username || email)!
    await countIpAttempt(c.var.db, clientIp(c.req.header('cf-connecting-ip')))
    const found = await findUserForSignIn(c.var.db, login)
    // failures count per account, whether it is named by username or by email
    const account = found ? `user:${found.id}` : `login:${login}`
    await checkAccountFailures(c.var.db, account)
    const { ok, needsRehash } = await verifyPassword(password, found?.passwordHash)
    if (!found || !ok) {
      await countAccountFailure(c.var.db, account)
      throw badSignIn()
    }
    if (needsRehash) await setPasswordHash(c.var.db, found.id, await hashPassword(password))
    await startSession(c, found.id)
    const { passwordHash: _, ...user } = found
    return c.json(toAccountMe(user), 200)
  })
  .post('/signout', authorize('auth.signout'), async (c) => {
    const actor = currentUser(c)
    if (actor.via === 'session') await deleteSession(c.var.db, actor.user.id, actor.sessionId)
    clearSessionCookie(c)
    return c.body(null, 204)
  })
  .post('/signout-everywhere', authorize('account.credentials'), async (c) => {
    await deleteSessionsOf(c.var.db, currentUser(c).user.id)
    clearSessionCookie(c)
    return c.body(null, 204)
  })
  .post('/password', authorize('account.credentials'), jsonBody(changePasswordBody), async (c) => {
    const actor = currentUser(c)
    const { currentPassword, newPassword } = c.req.valid('json')
    await checkAccountFailures(c.var.db, `user:${actor.user.id}`)
    const { ok } = await verifyPassword(
      currentPassword,
      await getPasswordHash(c.var.db, actor.user.id),
    )
    if (!ok) {
      await countAccountFailure(c.var.db, `user:${actor.user.id}`)
      throw new ApiError('FORBIDDEN', 'the current password is wrong')
    }
    await setPasswordHash(c.var.db, actor.user.id, await hashPassword(newPassword))
    // whoever else held a session with the old password is signed out
    await deleteSessionsOf(
      c.var.db,
      actor.user.id,
      actor.via === 'session' ? actor.sessionId : undefined,
    )
    return c.body(null, 204)
  })
  .get('/me', authorize('account.read'), (c) => {
    return c.json(toAccountMe(currentUser(c).user), 200)
  })
  // for the SPA: who is signed in, without a 401 in the console of every signed-out visitor
  .get('/session', authorize('auth.session'), (c) => {
    const actor = c.var.actor
    c.header('cache-control', 'private, no-store')
    return c.json({ user: actor.kind === 'user' ? toAccountMe(actor.user) : null }, 200)
  })

export default auth
