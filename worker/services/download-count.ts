// Honest download counts (docs/usage.md): a download counts once per version, client and UTC
// day, only once its last byte went out, and counting never delays or fails the download.
import type { Context } from 'hono'
import { dailySalt, hasDownloaded, recordDownload, utcDay } from '../../db/queries/usage'
import type { AppEnv } from '../env'
import { runInBackground } from '../lib/background'

/** Whether an answer carries the representation through its last byte: 200, or 206 up to the end. */
function reachesLastByte(response: Response) {
  if (response.status === 200) return true
  if (response.status !== 206) return false
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '')
  return range !== null && Number(range[2]) === Number(range[3]) - 1
}

/** Who the client is today, and whether its download of the version counted already. */
export interface CountCheck {
  client: string | null
  day: string
  counted: boolean
}

/**
 * Asks whether this client's download of the version already counted today. Never rejects:
 * when the hash or D1 fails, the download is relayed and counted as usual. A route can start it
 * before it makes the answer, so the question costs no time before the first byte.
 */
export async function checkCounted(c: Context<AppEnv>, versionId: number): Promise<CountCheck> {
  const day = utcDay(new Date())
  const client = await clientHash(c, day).catch(() => null)
  const counted = client !== null && (await alreadyCounted(c, { versionId, client, day }))
  return { client, day, counted }
}

/** Whether the request can end in a counted download: a GET of the whole thing, as most are. */
export const mayCount = (c: Context<AppEnv>) =>
  c.req.method === 'GET' && c.req.header('range') === undefined

/**
 * The answer with its body passed through unchanged, and the download counted once the client
 * has read it to the end. HEAD, 304, resumes that stop short and abandoned downloads don't count.
 *
 * Knowing that the last byte went out takes one more native relay, which costs about a tenth of
 * the local R2 binding's throughput (docs/downloads.md); a client whose download of this version
 * already counted today cannot count again, so its answer goes out without the relay. `check`:
 * the check the route started early (checkCounted), else it is made here.
 */
export async function countWhenDelivered(
  c: Context<AppEnv>,
  response: Response,
  versionId: number,
  check?: Promise<CountCheck>,
) {
  if (c.req.method !== 'GET' || !response.body || !reachesLastByte(response)) return response
  const { client, day, counted } = await (check ?? checkCounted(c, versionId))
  if (counted) return response
  const length = response.headers.get('content-length')
  // both are native streams: the bytes are piped, not copied through JavaScript
  const relay = length ? new FixedLengthStream(Number(length)) : new IdentityTransformStream()
  countWhenSettled(
    c,
    response.body.pipeTo(relay.writable),
    versionId,
    client ? { client, day } : null,
  )
  return new Response(relay.readable, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}

/** Never fails a download: when D1 cannot say, the download is relayed and counted as usual. */
async function alreadyCounted(
  c: Context<AppEnv>,
  download: { versionId: number; client: string; day: string },
) {
  try {
    return await hasDownloaded(c.var.db, download)
  } catch (err) {
    console.error('download count check failed', err)
    return false
  }
}

/**
 * For an answer whose body reports its own delivery (a tar assembled on the fly, written into a
 * native stream: relaying it once more is not possible in workerd): counted as above, once
 * `written` settles well.
 */
export function countWhenWritten(
  c: Context<AppEnv>,
  response: Response,
  written: Promise<void> | undefined,
  versionId: number,
) {
  if (c.req.method === 'GET' && written && reachesLastByte(response))
    countWhenSettled(c, written, versionId)
  return response
}

/** `made`: the client hash the answer already made (and its day), so it is not made twice. */
function countWhenSettled(
  c: Context<AppEnv>,
  delivered: Promise<void>,
  versionId: number,
  made: { client: string; day: string } | null = null,
) {
  runInBackground(
    c,
    delivered.then(
      () => countDownload(c, versionId, made),
      () => undefined, // the client went away: not a download
    ),
    'download count',
  )
}

async function countDownload(
  c: Context<AppEnv>,
  versionId: number,
  made: { client: string; day: string } | null,
) {
  const at = new Date()
  const day = utcDay(at)
  // a download that ran past midnight counts on the new day, with that day's hash
  const client = made?.day === day ? made.client : await clientHash(c, day)
  await recordDownload(c.var.db, { versionId, client, at })
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
