// A .dockerignore matcher with the rules of Docker's build context (the moby/patternmatcher
// package). Patterns are cleaned paths relative to the context. `*` and `?` stay within one path
// segment, and `**` spans any number of segments, zero included. A pattern that matches a
// directory also matches everything below it. `!` re-includes, and the last matching pattern
// wins. Character classes (`[a-z]`) and backslash escapes are not supported and throw, so a
// .dockerignore that uses them fails the packaging test instead of being misread.

import { posix } from 'node:path'

export interface IgnorePattern {
  text: string
  exclusion: boolean
  regex: RegExp
}

export function parseDockerignore (text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = []
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim()
    if (line === '' || line.startsWith('#')) continue

    const exclusion = line.startsWith('!')
    let path = posix.normalize(exclusion ? line.slice(1).trim() : line)
    if (path.length > 1 && path.startsWith('/')) path = path.slice(1)
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1)
    patterns.push({ text: line, exclusion, regex: compilePattern(path) })
  }
  return patterns
}

/** Returns whether a context-relative path (`src/app.ts`) is left out of the build context. */
export function isExcluded (path: string, patterns: readonly IgnorePattern[]): boolean {
  const segments = path.split('/')
  let excluded = false
  for (const pattern of patterns) {
    // An exclusion can only change a path that is excluded so far, and the reverse.
    if (pattern.exclusion !== excluded) continue
    if (matchesPathOrParent(pattern.regex, segments)) excluded = !pattern.exclusion
  }
  return excluded
}

function matchesPathOrParent (regex: RegExp, segments: string[]): boolean {
  for (let length = segments.length; length > 0; length--) {
    if (regex.test(segments.slice(0, length).join('/'))) return true
  }
  return false
}

function compilePattern (pattern: string): RegExp {
  if (/[[\]\\]/.test(pattern)) {
    throw new Error(`.dockerignore pattern "${pattern}" uses [ ] or \\, which this matcher does not support`)
  }

  let source = ''
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern.charAt(index)
    if (character === '*' && pattern.charAt(index + 1) === '*') {
      index++
      // `**/` also matches no directory at all, as in Docker.
      if (pattern.charAt(index + 1) === '/') index++
      source += index + 1 >= pattern.length ? '.*' : '(.*/)?'
    } else if (character === '*') {
      source += '[^/]*'
    } else if (character === '?') {
      source += '[^/]'
    } else {
      source += character.replace(/[.+^${}()|]/g, '\\$&')
    }
  }
  return new RegExp(`^${source}$`)
}
