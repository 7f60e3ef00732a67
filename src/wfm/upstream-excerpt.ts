// Turns the start of an upstream response into text that is safe to log and to show callers:
// short, on one line, and without tokens or secrets.

/** Maximum length in characters of an excerpt in RelayError.upstream. */
export const maxExcerptChars = 300

const redacted = '[redacted]'

/** Values of JSON members that carry credentials, for example `"access_token": "..."`. */
const jsonSecretMember =
  /("(?:access_token|refresh_token|id_token|client_secret|token|password)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi

/** Form or query style credentials, for example `client_secret=...`. */
const formSecretField = /\b(access_token|refresh_token|id_token|client_secret|password)=[^&\s"']*/gi

/** A JSON Web Token: three base64url parts, the first starting with `{"` encoded. */
const jsonWebToken = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g

const bearerCredential = /\b(Bearer)\s+[A-Za-z0-9._~+/-]+=*/gi

const controlCharacters = /[\u0000-\u001f\u007f]+/g

/**
 * Returns at most `maxChars` characters of `text` with credentials replaced by `[redacted]` and
 * control characters by spaces. Each value of `secrets` (the client secret, the access token)
 * is removed wherever it appears.
 */
export function redactExcerpt (text: string, secrets: string[] = [], maxChars = maxExcerptChars): string {
  let result = text
  for (const secret of secrets) {
    if (secret.length > 0) {
      result = result.replaceAll(secret, redacted)
    }
  }

  result = result
    .replace(jsonSecretMember, `$1"${redacted}"`)
    .replace(formSecretField, `$1=${redacted}`)
    .replace(jsonWebToken, redacted)
    .replace(bearerCredential, `$1 ${redacted}`)
    .replace(controlCharacters, ' ')
    .trim()

  return truncate(result, maxChars)
}

/** Cuts to `maxChars` UTF-16 units without leaving half of a surrogate pair at the end. */
function truncate (text: string, maxChars: number): string {
  if (text.length <= maxChars) {
    return text
  }
  let end = maxChars
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) {
    end -= 1
  }
  return text.slice(0, end)
}
