// The name a tar member is stored under, or PullRejected. Until one shared safe-path check
// exists (issue 13, item 4), this refuses what could escape or confuse an extracting client.
import { PullRejected } from './outcome'

const encoder = new TextEncoder()

export function memberPath(raw: string) {
  const path = raw.normalize('NFC').replace(/^(\.\/)+/, '')
  const unsafe =
    !path ||
    path.startsWith('/') ||
    /[\\:]|\p{Cc}/u.test(path) ||
    encoder.encode(path).length > 1024 ||
    path
      .split('/')
      .some((s) => s === '' || s === '.' || s === '..' || encoder.encode(s).length > 255)
  if (unsafe) throw new PullRejected('the asset holds a file with an unsafe name')
  return path
}
