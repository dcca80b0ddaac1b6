// The globs of `?include=`: `*` any run of characters but `/`, `**` any run including `/`, `?`
// one character but `/`. A pattern without `/` is matched against the file name in any folder
// (as in .gitignore), one with `/` against the whole path.
import { ApiError } from '../errors'

const maxPatterns = 50
const maxPatternLength = 200

/** A predicate on file paths, true when any of the patterns matches; null when none are given. */
export function pathMatcher(patterns: string[]) {
  if (patterns.length === 0) return null
  if (patterns.length > maxPatterns || patterns.some((p) => p.length > maxPatternLength || !p))
    throw new ApiError('BAD_REQUEST', `include takes 1 to ${maxPatterns} non-empty globs`, [
      {
        path: 'include',
        message: `at most ${maxPatterns} globs of ${maxPatternLength} characters`,
      },
    ])
  const compiled = patterns.map((pattern) => ({
    onName: !pattern.includes('/'),
    regex: globToRegex(pattern),
  }))
  return (path: string) =>
    compiled.some(({ onName, regex }) =>
      regex.test(onName ? path.slice(path.lastIndexOf('/') + 1) : path),
    )
}

function globToRegex(pattern: string) {
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*'
      i++
    } else if (char === '*') source += '[^/]*'
    else if (char === '?') source += '[^/]'
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`, 's')
}
