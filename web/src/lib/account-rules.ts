// The server's rules (worker/accounts/username.ts, worker/accounts/password.ts) as hints the forms
// check before sending; the server stays the judge, its message is shown when it says no.

/** worker/accounts/password.ts's rule (not imported: that module is the Worker's WebCrypto code) */
export const passwordRule = { min: 10, max: 200 } as const

export const usernameHint =
  '3 to 20 characters: lower-case letters, digits and single hyphens, starting with a letter.'

/** A sentence saying what is wrong with `name`, or undefined when it looks fine. */
export function usernameProblem(name: string) {
  const n = name.trim().toLowerCase()
  if (n.length < 3) return 'Username must be at least 3 characters.'
  if (n.length > 20) return 'Username must be at most 20 characters.'
  if (!/^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/.test(n))
    return 'Username may use only lower-case letters, digits and single hyphens, and must start with a letter.'
  return undefined
}

export function passwordProblem(password: string) {
  if (password.length < passwordRule.min)
    return `Password must be at least ${passwordRule.min} characters.`
  if (password.length > passwordRule.max)
    return `Password must be at most ${passwordRule.max} characters.`
  return undefined
}

/** "Too many attempts. Try again in 5 minutes." from a 429's Retry-After seconds. */
export function retryAfterWords(seconds: number | undefined) {
  if (!seconds) return 'Try again later.'
  if (seconds < 60) return `Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 60) return `Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`
  const hours = Math.ceil(minutes / 60)
  return `Try again in ${hours} ${hours === 1 ? 'hour' : 'hours'}.`
}
