// Honest download counts (docs/usage.md): a download counts once per version, client and UTC
// day, when the answer carries the whole representation or a range through its last byte; the
// count runs beside the answer (waitUntil) and never delays or fails it.
import type { Context } from 'hono'
import { dailySalt, recordDownload, utcDay } from '../../db/queries/usage'
import type { AppEnv } from '../env'
import { runInBackground } from '../lib/background'

/** Whether an answer carries the representation through its last byte: 200, or 206 up to the end. */
function reachesLastByte(response: Response) {
  if (response.status === 200) return true
  if (response.status !== 206) return false
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '')
  return range !== null && Number(range[2]) === Number(range[3]) - 1
}

/**
 * The answer, unchanged, with its download counted in the background when it is a GET that
 * carries the representation through its last byte. HEAD, 304, errors and ranges that stop
 * short never count; the once-a-day rule is the table's primary key (`INSERT OR IGNORE`).
 *
 * The answer's body is R2's stream as it is: knowing that its last byte went out would take one
 * more relay of every byte, which cost a tenth of the throughput (docs/downloads.md).
 */
export function countDownload(c: Context<AppEnv>, response: Response, versionId: number) {
  if (c.req.method === 'GET' && response.body && reachesLastByte(response))
    runInBackground(c, record(c, versionId), 'download count')
  return response
}

async function record(c: Context<AppEnv>, versionId: number) {
  const at = new Date()
  await recordDownload(c.var.db, { versionId, client: await clientHash(c, utcDay(at)), at })
}

// a day's salt never changes once made, so an isolate asks D1 for it once a day
const saltsByDay = new Map<string, string>()

async function saltOf(c: Context<AppEnv>, day: string) {
  let salt = saltsByDay.get(day)
  if (!salt) {
    const candidate = [...crypto.getRandomValues(new Uint8Array(16))]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('')
    salt = await dailySalt(c.var.db, day, candidate)
    saltsByDay.clear()
    saltsByDay.set(day, salt)
  }
  return salt
}

/**
 * Who downloaded, as a hash no one can reverse or follow across days: a signed-in user by id,
 * anyone else by address and user agent, salted with the day's salt.
 */
async function clientHash(c: Context<AppEnv>, day: string) {
  const actor = c.var.actor
  const who =
    actor.kind === 'user'
      ? `user ${actor.user.id}`
      : `${c.req.header('cf-connecting-ip') ?? 'unknown'} ${c.req.header('user-agent') ?? ''}`
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(`${await saltOf(c, day)}\n${who}`),
  )
  return [...new Uint8Array(digest).slice(0, 16)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
}
