// An RFC 4180 record parser that works on decoded text. It replaces csv-parse on the upload path
// because csv-parse re-encodes every field from bytes and builds an info object per record,
// which cost more than the validation itself (measured with --cpu-prof on a 30 MB upload).
//
// Rules: fields are separated by a one-character delimiter, records end at LF or CRLF outside
// quotes, and a lone CR is field content. A field that starts with `"` is quoted: `""` inside
// it is one quote, and the closing quote must be followed by the delimiter or the end of the
// record. A quote anywhere else is an error. Empty lines are skipped without a record, so a
// body of line feeds costs little.

/** Kind of syntax error, one for each csv-parse error code the relay reports. */
export type CsvSyntaxProblem =
  'quote-not-closed' | 'invalid-closing-quote' | 'invalid-opening-quote' | 'record-too-large'

/** Syntax error in the record that starts on physical line `line`. */
export class CsvSyntaxError extends Error {
  readonly problem: CsvSyntaxProblem
  readonly line: number

  constructor (problem: CsvSyntaxProblem, line: number) {
    super(`CSV syntax error (${problem}) in the record starting on line ${line}`)
    this.name = 'CsvSyntaxError'
    this.problem = problem
    this.line = line
  }
}

/** Receives each record with the physical line it starts on. */
export type RecordHandler = (fields: string[], line: number) => void

/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
export const maxUtf8BytesPerCodeUnit = 3

const quote = 0x22
const lineFeed = 0x0A
const carriageReturn = 0x0D

/** Returned when the text so far ends inside a record, which more text may complete. */
const incomplete = -1

/** Minimum number of characters that must arrive before an unfinished record is parsed again. */
const minReparseLength = 64 * 1024

/**
 * Parses CSV text given in pieces that may end anywhere. Records are passed to the handler as
 * soon as they are complete. The text of an unfinished record is kept and parsed again only
 * once it has doubled, so a long record sent in many small pieces costs linear time. Three
 * times the record limit bounds the kept text.
 */
export class CsvRecordParser {
  readonly #delimiter: number
  readonly #maxRecordBytes: number
  #pendingParts: string[] = []
  #pendingLength = 0
  /** Length of the kept text when it was last parsed. */
  #parsedLength = 0
  #nextLine = 1
  #fields: string[] = []
  /** UTF-16 code units in the fields of the record being read. */
  #recordLength = 0
  /** UTF-8 bytes in those fields, counted only once the record may be over the limit, else -1. */
  #recordBytes = -1
  #ended = false

  /**
   * `maxRecordBytes` bounds the UTF-8 bytes of a record's fields, delimiters and quotes not
   * counted, as csv-parse's max_record_size does.
   */
  constructor (delimiter: string, maxRecordBytes: number) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new TypeError(`Invalid CSV delimiter ${JSON.stringify(delimiter)}: use one character other than a quote or line break`)
    }
    this.#delimiter = delimiter.charCodeAt(0)
    this.#maxRecordBytes = maxRecordBytes
  }

  /** Line number of the next record's first line. */
  get nextLine (): number {
    return this.#nextLine
  }

  /** Parses `text` after what an earlier call kept back. Throws CsvSyntaxError. */
  write (text: string, onRecord: RecordHandler): void {
    if (this.#pendingLength === 0) {
      this.#parse(text, onRecord)
      return
    }

    this.#keep(text)
    const added = this.#pendingLength - this.#parsedLength
    if (added >= Math.max(minReparseLength, this.#parsedLength)) {
      this.#parse(this.#takePending(), onRecord)
    }
  }

  /** Parses what is kept back as the last record. Throws CsvSyntaxError. */
  end (onRecord: RecordHandler): void {
    this.#ended = true
    if (this.#pendingLength > 0) this.#parse(this.#takePending(), onRecord)
  }

  #keep (text: string): void {
    this.#pendingParts.push(text)
    this.#pendingLength += text.length
    this.#checkPendingLength()
  }

  #takePending (): string {
    const text = this.#pendingParts.join('')
    this.#pendingParts = []
    this.#pendingLength = 0
    return text
  }

  #parse (input: string, onRecord: RecordHandler): void {
    let position = 0
    while (position < input.length) {
      const skipped = emptyLineLength(input, position)
      if (skipped > 0) {
        this.#nextLine += 1
        position += skipped
        continue
      }

      const next = this.#readRecord(input, position)
      if (next === incomplete) {
        this.#keep(input.slice(position))
        this.#parsedLength = this.#pendingLength
        return
      }
      const fields = this.#fields
      const line = this.#nextLine
      this.#nextLine += countLineFeeds(input, position, next)
      this.#fields = []
      onRecord(fields, line)
      position = next
    }
  }

  /** Reads the record at `start` into #fields; returns the position after it, or incomplete. */
  #readRecord (input: string, start: number): number {
    this.#fields = []
    this.#recordLength = 0
    this.#recordBytes = -1
    let position = start
    for (;;) {
      const end = input.charCodeAt(position) === quote
        ? this.#readQuotedField(input, position)
        : this.#readPlainField(input, position)
      if (end === incomplete) return incomplete

      // `end` is at a delimiter, at a line feed or at the end of the input.
      if (end < input.length && input.charCodeAt(end) === this.#delimiter) {
        position = end + 1
        continue
      }
      return end < input.length ? end + 1 : end
    }
  }

  #readPlainField (input: string, start: number): number {
    const delimiter = this.#delimiter
    let position = start
    while (position < input.length) {
      const code = input.charCodeAt(position)
      if (code === delimiter || code === lineFeed) break
      if (code === quote) throw this.#error('invalid-opening-quote')
      position++
    }
    if (position === input.length && !this.#ended) return incomplete

    // The CR of a CRLF ends the record and is not part of the field.
    const contentEnd = position < input.length && input.charCodeAt(position) === lineFeed &&
      position > start && input.charCodeAt(position - 1) === carriageReturn
      ? position - 1
      : position
    this.#addField(input.slice(start, contentEnd))
    return position
  }

  #readQuotedField (input: string, start: number): number {
    let value = ''
    let segmentStart = start + 1
    for (;;) {
      const closing = input.indexOf('"', segmentStart)
      if (closing === -1 || closing + 1 === input.length) {
        if (!this.#ended) return incomplete
        if (closing === -1) throw this.#error('quote-not-closed')
      }
      value += input.slice(segmentStart, closing)
      const after = input.charCodeAt(closing + 1)
      if (after === quote) {
        value += '"'
        segmentStart = closing + 2
        continue
      }

      const end = this.#closingQuoteEnd(input, closing + 1)
      if (end === incomplete) return incomplete
      this.#addField(value)
      return end
    }
  }

  /** Checks what follows a closing quote; returns where the field ends. */
  #closingQuoteEnd (input: string, position: number): number {
    if (position === input.length) return position
    const code = input.charCodeAt(position)
    if (code === this.#delimiter || code === lineFeed) return position
    if (code === carriageReturn) {
      if (position + 1 === input.length && !this.#ended) return incomplete
      if (input.charCodeAt(position + 1) === lineFeed) return position + 1
    }
    throw this.#error('invalid-closing-quote')
  }

  #addField (value: string): void {
    this.#fields.push(value)
    this.#recordLength += value.length
    if (this.#recordBytes >= 0) {
      this.#recordBytes += Buffer.byteLength(value)
    } else if (this.#recordLength * maxUtf8BytesPerCodeUnit > this.#maxRecordBytes) {
      // Only now can the record be over the limit, so its bytes are counted from here on.
      this.#recordBytes = 0
      for (const field of this.#fields) this.#recordBytes += Buffer.byteLength(field)
    }
    if (this.#recordBytes > this.#maxRecordBytes) {
      throw this.#error('record-too-large')
    }
  }

  /**
   * Bounds the text kept for an unfinished record. Text before its open quote is one physical
   * line, and inside quotes at most every second character is a doubled quote, so kept text
   * over three times the limit always contains a record over the limit.
   */
  #checkPendingLength (): void {
    if (this.#pendingLength > 3 * this.#maxRecordBytes) {
      throw new CsvSyntaxError('record-too-large', this.#nextLine)
    }
  }

  #error (problem: CsvSyntaxProblem): CsvSyntaxError {
    return new CsvSyntaxError(problem, this.#nextLine)
  }
}

/** Returns the length of the LF or CRLF at `position`, or 0 when the line there has content. */
function emptyLineLength (text: string, position: number): number {
  const code = text.charCodeAt(position)
  if (code === lineFeed) return 1
  if (code === carriageReturn && text.charCodeAt(position + 1) === lineFeed) return 2
  return 0
}

function countLineFeeds (text: string, start: number, end: number): number {
  let count = 0
  let position = text.indexOf('\n', start)
  while (position !== -1 && position < end) {
    count += 1
    position = text.indexOf('\n', position + 1)
  }
  return count
}
