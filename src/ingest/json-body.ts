// Parses an application/json body that was read whole. Before JSON.parse runs, one pass over the
// text checks the nesting depth and the number of objects and arrays per byte. Then a body of
// `[[[[...` or `[{},{},...]` cannot turn 16 MiB of text into gigabytes of objects.

import { RelayError } from '../errors.js'

/** Deepest nesting accepted; an upload body is {"rows": [{...}]}, three levels. */
export const maxJsonDepth = 32

/**
 * Bytes of body per object or array. The shortest valid row,
 * {"intervalStart":"2019-01-18T22:15:00Z","queue":"Q","offered":0,"aht":0}, is 71 bytes.
 */
export const minBytesPerJsonContainer = 32

const openBrace = 0x7B
const openBracket = 0x5B
const closeBrace = 0x7D
const closeBracket = 0x5D
const quote = 0x22
const backslash = 0x5C

/**
 * Returns the parsed body. Throws WFM_RELAY_INVALID_JSON for an empty body, bytes that are not
 * UTF-8, nesting deeper than maxJsonDepth or a syntax error, and WFM_RELAY_INVALID_BODY for
 * more objects and arrays than the body's size allows. `__proto__` keys stay own properties, as
 * JSON.parse creates them; the row reader rejects them by name.
 */
export function parseJsonBody (body: Buffer): unknown {
  const text = decodeUtf8(body)
  if (text.trim() === '') {
    throw new RelayError('WFM_RELAY_INVALID_JSON',
      'the JSON body is empty; send {"rows": [...]} with one object per row')
  }

  checkStructure(text, body.length)
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new RelayError('WFM_RELAY_INVALID_JSON',
      `the body is not valid JSON${describePosition(error)}; send {"rows": [...]} with one ` +
      'object per row', { cause: error })
  }
}

function decodeUtf8 (body: Buffer): string {
  try {
    // A byte order mark is removed, as JSON parsers may do (RFC 8259, section 8.1).
    return new TextDecoder('utf-8', { fatal: true }).decode(body)
  } catch (error) {
    throw new RelayError('WFM_RELAY_INVALID_JSON',
      'the JSON body contains bytes that are not valid UTF-8; JSON must be sent as UTF-8',
      { cause: error })
  }
}

/** Counts objects and arrays and their depth, skipping string contents. */
function checkStructure (text: string, bytes: number): void {
  // The constant leaves room for the body's own object and array and for short test bodies.
  const maxContainers = 64 + Math.floor(bytes / minBytesPerJsonContainer)
  let depth = 0
  let containers = 0
  let inString = false

  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (inString) {
      if (code === backslash) {
        index++
      } else if (code === quote) {
        inString = false
      }
    } else if (code === quote) {
      inString = true
    } else if (code === openBrace || code === openBracket) {
      depth++
      containers++
      if (depth > maxJsonDepth) throw tooDeep(index)
      if (containers > maxContainers) throw tooManyContainers(bytes)
    } else if (code === closeBrace || code === closeBracket) {
      depth--
    }
  }
}

function tooDeep (index: number): RelayError {
  return new RelayError('WFM_RELAY_INVALID_JSON',
    `the JSON body is nested deeper than ${maxJsonDepth} levels at character ${index + 1}; ` +
    'send {"rows": [...]} with one flat object per row')
}

function tooManyContainers (bytes: number): RelayError {
  return new RelayError('WFM_RELAY_INVALID_BODY',
    `the JSON body has more than one object or array per ${minBytesPerJsonContainer} bytes ` +
    `(${bytes} bytes in all), which no list of rows has; send {"rows": [...]} with one object ` +
    'of intervalStart, queue, offered and aht per row')
}

/** V8's wording differs between Node versions, so only the position is taken from it. */
function describePosition (error: unknown): string {
  const position = /at position (\d+)/.exec((error as Error).message)?.[1]
  return position === undefined ? '' : ` at character ${Number(position) + 1}`
}
