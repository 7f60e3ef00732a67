// Collects a caller's API key digests from the inline keySha256 list and from the file or
// environment variable named by keySha256From. A file can be a mounted Kubernetes Secret, so a
// key rotation needs only a Secret update and the config reload.

import { keyDigestPattern, type CallerConfig } from './schema.js'
import { describeSecretRef, readSecretText } from './secrets.js'
import { ConfigError } from './validate.js'

const digestLine = new RegExp(keyDigestPattern)

/** Returns the caller's distinct digests as bytes, or throws a ConfigError naming the key. */
export function readCallerKeyDigests (key: string, caller: CallerConfig, env: NodeJS.ProcessEnv): Buffer[] {
  if (caller.keySha256 === undefined && caller.keySha256From === undefined) {
    throw new ConfigError(
      `${key}: caller "${caller.name}" has no key digests; set keySha256 to a list of digests, ` +
      'keySha256From to a file or environment variable with one digest a line, or both')
  }

  const digests = new Set(caller.keySha256)
  if (caller.keySha256From !== undefined) {
    const sourceKey = `${key}.keySha256From`
    const text = readSecretText(sourceKey, caller.keySha256From, env)
    const fromSource = parseDigestLines(sourceKey, text)
    if (fromSource.length === 0) {
      throw new ConfigError(
        `${sourceKey}: ${describeSecretRef(caller.keySha256From)} contains no key digest; ` +
        'write one hex SHA-256 digest a line')
    }
    for (const digest of fromSource) digests.add(digest)
  }
  return [...digests].map((hex) => Buffer.from(hex, 'hex'))
}

/**
 * Parses one digest a line. Blank lines and everything after a `#` are ignored, so a line may
 * carry a note such as `<digest>  # old key, remove after the rotation`.
 */
export function parseDigestLines (key: string, text: string): string[] {
  const digests: string[] = []
  for (const [index, line] of text.split('\n').entries()) {
    const content = line.replace(/#.*/, '').trim()
    if (content === '') continue

    // The line is not echoed, because an operator may have pasted the API key itself by mistake.
    if (!digestLine.test(content)) {
      throw new ConfigError(
        `${key}: line ${index + 1} is not a hex SHA-256 digest (64 characters 0-9a-f); ` +
        'write only the digest, e.g. the first field of the sha256sum output')
    }
    digests.push(content)
  }
  return digests
}
