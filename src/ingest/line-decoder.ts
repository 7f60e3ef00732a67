// Strict decoding of uploaded text. Bytes are cut into blocks of whole lines before decoding,
// so a character split across stream chunks is decoded whole, and an invalid byte sequence is
// reported with its line instead of turning into U+FFFD.

import { Transform, type TransformCallback } from 'node:stream'
import { RelayError } from '../errors.js'
import { defaultIngestLimits } from './types.js'
import { decodeWindows1252 } from './windows-1252.js'

/** Default maximum length of a physical line in bytes, which bounds what the decoder keeps back. */
export const maxLineBytes = defaultIngestLimits.maxLineBytes

const lineFeed = 0x0A
const carriageReturn = 0x0D

const utf8Bom = Buffer.from([0xEF, 0xBB, 0xBF])

/**
 * Single-byte encodings of the WHATWG Encoding Standard. In each, byte 0x0A is a line feed and
 * never part of another character, which the line cutting relies on. UTF-16 is not accepted.
 */
const singleByteEncodings = new Set([
  'ibm866', 'iso-8859-2', 'iso-8859-3', 'iso-8859-4', 'iso-8859-5', 'iso-8859-6', 'iso-8859-7',
  'iso-8859-8', 'iso-8859-8-i', 'iso-8859-10', 'iso-8859-13', 'iso-8859-14', 'iso-8859-15',
  'iso-8859-16', 'koi8-r', 'koi8-u', 'macintosh', 'windows-874', 'windows-1250', 'windows-1251',
  'windows-1252', 'windows-1253', 'windows-1254', 'windows-1255', 'windows-1256', 'windows-1257',
  'windows-1258', 'x-mac-cyrillic'
])

/**
 * Returns the WHATWG name of a charset label: UTF-8 when none is given. Labels follow the
 * Encoding Standard, so `latin1`, `iso-8859-1` and `us-ascii` all decode as windows-1252.
 * Throws WFM_RELAY_UNSUPPORTED_MEDIA_TYPE for an unknown label or a multi-byte charset other
 * than UTF-8.
 */
export function resolveCharset (charset?: string): string {
  if (charset === undefined) {
    return 'utf-8'
  }
  let encoding: string
  try {
    encoding = new TextDecoder(charset).encoding
  } catch {
    throw unsupportedCharset(charset)
  }
  if (encoding !== 'utf-8' && !singleByteEncodings.has(encoding)) {
    throw unsupportedCharset(charset)
  }
  return encoding
}

function unsupportedCharset (charset: string): RelayError {
  return new RelayError('WFM_RELAY_UNSUPPORTED_MEDIA_TYPE',
    `charset ${JSON.stringify(charset)} is not supported; send UTF-8, or declare a single-byte ` +
    'charset such as windows-1252 or iso-8859-1')
}

/** Raised by LineDecoder; the reader turns it into a RelayError with the session's errors. */
export class DecodingError extends Error {
  readonly reason: 'invalid-bytes' | 'line-too-long'
  readonly line: number

  constructor (reason: 'invalid-bytes' | 'line-too-long', line: number, message: string) {
    super(message)
    this.name = 'DecodingError'
    this.reason = reason
    this.line = line
  }
}

/**
 * Transforms bytes into strings that each end with a line feed, except the last one.
 * Removes a leading UTF-8 byte order mark.
 */
export class LineDecoder extends Transform {
  private readonly encoding: string
  private readonly maxLineBytes: number
  /** Decodes whole lines; throws on an invalid byte sequence. */
  private readonly decode: (bytes: Buffer) => string
  private pending: Buffer[] = []
  private pendingBytes = 0
  /** Line feeds in the blocks already decoded. */
  private lineFeeds = 0
  private started = false

  constructor (encoding: string, maxLineLength = maxLineBytes) {
    super({ readableObjectMode: true, readableHighWaterMark: 4 })
    this.encoding = encoding
    this.maxLineBytes = maxLineLength
    if (encoding === 'windows-1252') {
      this.decode = decodeWindows1252
    } else {
      // BOM handling stays here: the decoder would strip U+FEFF at the start of every block.
      const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true })
      this.decode = (bytes) => decoder.decode(bytes)
    }
  }

  override _transform (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const lastFeed = chunk.lastIndexOf(lineFeed)
    if (lastFeed === -1) {
      this.hold(chunk)
      // One byte more than the limit may be the CR of a CRLF whose LF has not arrived yet.
      callback(this.pendingBytes > this.maxLineBytes + 1 ? this.lineTooLong(this.lineFeeds + 1) : null)
      return
    }

    const block = Buffer.concat([...this.pending, chunk.subarray(0, lastFeed + 1)])
    this.pending = []
    this.pendingBytes = 0
    this.hold(chunk.subarray(lastFeed + 1))
    this.emitBlock(block, callback)
  }

  override _flush (callback: TransformCallback): void {
    if (this.pendingBytes === 0) {
      callback()
      return
    }
    const block = Buffer.concat(this.pending)
    this.pending = []
    this.pendingBytes = 0
    this.emitBlock(block, callback)
  }

  private hold (bytes: Buffer): void {
    if (bytes.length > 0) {
      this.pending.push(bytes)
      this.pendingBytes += bytes.length
    }
  }

  private emitBlock (block: Buffer, callback: TransformCallback): void {
    let bytes = block
    if (!this.started) {
      this.started = true
      if (this.encoding === 'utf-8' && bytes.subarray(0, 3).equals(utf8Bom)) {
        bytes = bytes.subarray(3)
      }
    }

    const longLine = this.findLongLine(bytes)
    if (longLine !== undefined) {
      callback(this.lineTooLong(longLine))
      return
    }
    let text: string
    try {
      text = this.decode(bytes)
    } catch {
      callback(this.invalidBytes(bytes))
      return
    }
    this.lineFeeds += countLineFeeds(bytes)
    callback(null, text)
  }

  /**
   * Returns the line number of the first line in `bytes` longer than the limit. The CR of a
   * CRLF is a line ending, so it does not count.
   */
  private findLongLine (bytes: Buffer): number | undefined {
    let lineStart = 0
    let line = this.lineFeeds + 1
    while (lineStart < bytes.length) {
      const feed = bytes.indexOf(lineFeed, lineStart)
      const lineEnd = feed === -1 ? bytes.length : feed
      const contentEnd = feed > lineStart && bytes[feed - 1] === carriageReturn ? feed - 1 : lineEnd
      if (contentEnd - lineStart > this.maxLineBytes) {
        return line
      }
      lineStart = lineEnd + 1
      line += 1
    }
    return undefined
  }

  /** Decodes line by line to find the line that contains the invalid sequence. */
  private invalidBytes (bytes: Buffer): DecodingError {
    let line = this.lineFeeds + 1
    let lineStart = 0
    while (lineStart < bytes.length) {
      const feed = bytes.indexOf(lineFeed, lineStart)
      const lineEnd = feed === -1 ? bytes.length : feed
      try {
        this.decode(bytes.subarray(lineStart, lineEnd))
      } catch {
        break
      }
      lineStart = lineEnd + 1
      line += 1
    }
    const name = this.encoding === 'utf-8' ? 'UTF-8' : this.encoding
    return new DecodingError('invalid-bytes', line,
      `line ${line} contains bytes that are not valid ${name}; save the file as UTF-8, or declare the ` +
      'charset it uses in the Content-Type (for example text/csv; charset=windows-1252)')
  }

  private lineTooLong (line: number): DecodingError {
    return new DecodingError('line-too-long', line,
      `line ${line} is longer than ${this.maxLineBytes} bytes (limits.maxLineBytes); check the ` +
      'delimiter and line endings of the file')
  }
}

function countLineFeeds (bytes: Buffer): number {
  let count = 0
  let position = bytes.indexOf(lineFeed)
  while (position !== -1) {
    count += 1
    position = bytes.indexOf(lineFeed, position + 1)
  }
  return count
}
