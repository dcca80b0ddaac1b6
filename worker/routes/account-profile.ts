// The signed-in user's profile (display name, about, avatar) and deleting the account. Mounted at
// /api/v1/account, next to worker/routes/account.ts. docs/community.md.
import { Hono } from 'hono'
import { z } from 'zod'
import { getPasswordHash, setAvatarUrl, tombstoneUser, updateProfile } from '../../db/queries/users'
import { verifyPassword } from '../accounts/password'
import { authorize, currentUser } from '../accounts/permissions'
import { checkAccountFailures, countAccountFailure } from '../accounts/rate-limit'
import { clearSessionCookie } from '../accounts/session'
import { avatarKeyOf, storeAvatar } from '../community/avatar'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { jsonBody } from '../validate'

const profileBody = z.object({
  displayName: z
    .string()
    .transform((s) => s.replace(/\p{Cc}+/gu, ' ').trim())
    .pipe(z.string().min(1).max(100))
    .optional(),
  about: z.string().trim().max(2000).optional(),
})

const deleteBody = z.object({
  // typed by the user: deleting is not one click away
  confirm: z.string().max(100),
  password: z.string().max(200).optional(),
})

const accountProfile = new Hono<AppEnv>()
  .patch('/profile', authorize('account.profile'), jsonBody(profileBody), async (c) => {
    const { user } = currentUser(c)
    const { displayName, about } = c.req.valid('json')
    await updateProfile(c.var.db, user.ownerId, {
      ...(displayName !== undefined ? { displayName } : {}),
      ...(about !== undefined ? { aboutMd: about } : {}),
    })
    return c.json({ username: user.username, displayName: displayName ?? user.displayName }, 200)
  })
  .put('/avatar', authorize('account.profile'), async (c) => {
    const { user } = currentUser(c)
    const url = await storeAvatar(c.env.BUCKET, user.ownerId, c.req.raw)
    const previous = await setAvatarUrl(c.var.db, user.ownerId, url)
    const previousKey = previous && avatarKeyOf(previous)
    if (previousKey) await c.env.BUCKET.delete(previousKey)
    return c.json({ imageUrl: url }, 200)
  })
  .delete('/avatar', authorize('account.profile'), async (c) => {
    const previous = await setAvatarUrl(c.var.db, currentUser(c).user.ownerId, null)
    const previousKey = previous && avatarKeyOf(previous)
    if (previousKey) await c.env.BUCKET.delete(previousKey)
    return c.body(null, 204)
  })
  .delete('/', authorize('account.delete'), jsonBody(deleteBody), async (c) => {
    const { user } = currentUser(c)
    const { confirm, password } = c.req.valid('json')
    if (confirm.toLowerCase() !== user.username)
      throw new ApiError('BAD_REQUEST', 'confirm must be your username', [
        { path: 'confirm', message: 'must be your username' },
      ])
    const hash = await getPasswordHash(c.var.db, user.id)
    if (hash) {
      await checkAccountFailures(c.var.db, `user:${user.id}`)
      const { ok } = await verifyPassword(password ?? '', hash)
      if (!ok) {
        await countAccountFailure(c.var.db, `user:${user.id}`)
        throw new ApiError('FORBIDDEN', 'the password is wrong')
      }
    }
    const previous = await setAvatarUrl(c.var.db, user.ownerId, null)
    await tombstoneUser(c.var.db, user.id, user.ownerId, new Date())
    const previousKey = previous && avatarKeyOf(previous)
    if (previousKey) await c.env.BUCKET.delete(previousKey)
    clearSessionCookie(c)
    return c.body(null, 204)
  })

export default accountProfile
