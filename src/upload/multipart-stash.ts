// Reads a multipart/form-data upload: file parts are written to disk as they arrive, because
// form fields that choose the profile or interval may come after the files; text fields are
// kept in memory. Every limit of limits.multipart is checked while the bytes arrive.

import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Limits } from '../config/schema.js'
import { RelayError } from '../errors.js'
import { resolveCharset } from '../ingest/line-decoder.js'
import { charsetOf } from '../plugins/body-parsers.js'
import { readFormParts, type FormPart } from './multipart-parts.js'

export type MultipartLimits = Limits['multipart']

export interface StashedFile {
  fileName: string
  path: string
  charset?: string
}

export interface StashedForm {
  files: StashedFile[]
  /** Text fields by name; no prototype, so `__proto__` is a field name like any other. */
  fields: Record<string, string>
}

interface Disposition {
  name: string
  fileName?: string
}

/**
 * Reads every part into `dir`, which it creates. Throws WFM_RELAY_INVALID_BODY for a missing
 * boundary, a malformed part or a body that ends early, WFM_RELAY_BODY_TOO_LARGE for a limit of
 * limits.multipart, WFM_RELAY_UNSUPPORTED_MEDIA_TYPE for a file part with an unknown charset,
 * WFM_RELAY_INVALID_PARAMETER for a field sent twice or not UTF-8, and WFM_RELAY_EMPTY_UPLOAD
 * for a form without files. On any failure `dir` is removed before the error is thrown.
 */
export async function stashForm (
  body: Readable,
  contentType: string | undefined,
  dir: string,
  limits: MultipartLimits
): Promise<StashedForm> {
  const boundary = boundaryOf(contentType)
  await mkdir(dir, { recursive: true })
  const form: StashedForm = { files: [], fields: Object.create(null) as Record<string, string> }
  try {
    for await (const part of readFormParts(body, boundary)) {
      await stashPart(part, form, dir, limits)
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw toRelayError(error)
  }

  if (form.files.length === 0) {
    await rm(dir, { recursive: true, force: true })
    throw new RelayError('WFM_RELAY_EMPTY_UPLOAD',
      'the multipart body has no file part; attach the CSV file as a form file field')
  }
  return form
}

async function stashPart (part: FormPart, form: StashedForm, dir: string, limits: MultipartLimits): Promise<void> {
  const disposition = dispositionOf(part)
  if (disposition.fileName === undefined) {
    if (Object.keys(form.fields).length >= limits.maxFields) {
      throw new RelayError('WFM_RELAY_BODY_TOO_LARGE',
        `the form has more than ${limits.maxFields} text fields (limits.multipart.maxFields); ` +
        'send only sourceId, interval, profile, pushToken and dryRun')
    }
    addField(form.fields, disposition.name, await readField(part, disposition.name, limits.maxFieldBytes))
    return
  }

  if (form.files.length >= limits.maxFiles) {
    throw new RelayError('WFM_RELAY_BODY_TOO_LARGE',
      `the form has more than ${limits.maxFiles} files (limits.multipart.maxFiles); split it ` +
      'into several uploads')
  }
  const fileName = disposition.fileName === '' ? disposition.name : disposition.fileName
  const charset = charsetOf(part.header?.['content-type']?.[0])
  // Checked before the file is written, so an unknown charset costs no disk.
  resolveCharset(charset)
  const path = join(dir, `part-${String(form.files.length + 1).padStart(4, '0')}`)
  await writeFile(part.stream, path, fileName, limits.maxFileBytes)
  form.files.push({ fileName, path, charset })
}

async function writeFile (stream: Readable, path: string, fileName: string, maxBytes: number): Promise<void> {
  const limit = new SizeLimit(maxBytes, () => new RelayError('WFM_RELAY_BODY_TOO_LARGE',
    `file "${fileName}" is larger than ${maxBytes} bytes (limits.multipart.maxFileBytes); split ` +
    'it into several files or uploads'))
  await pipeline(stream, limit, createWriteStream(path, { flags: 'wx' }))
  // The limit fails the pipeline; this check makes sure no cut-off file is ever kept.
  if (limit.truncated) {
    throw limit.describe()
  }
}

async function readField (part: FormPart, name: string, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = []
  const limit = new SizeLimit(maxBytes, () => new RelayError('WFM_RELAY_BODY_TOO_LARGE',
    `form field "${name}" is longer than ${maxBytes} bytes (limits.multipart.maxFieldBytes)`))
  await pipeline(part.stream, limit, new Writable({
    write (chunk: Buffer, _encoding, callback) {
      chunks.push(chunk)
      callback()
    }
  }))
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  } catch (error) {
    throw new RelayError('WFM_RELAY_INVALID_PARAMETER',
      `form field "${name}" is not valid UTF-8`, { cause: error })
  }
}

function addField (fields: Record<string, string>, name: string, value: string): void {
  if (Object.hasOwn(fields, name)) {
    throw new RelayError('WFM_RELAY_INVALID_PARAMETER', `form field "${name}" is sent twice; send it once`)
  }
  fields[name] = value
}

/** Fails once more than `maxBytes` have passed; `truncated` then stays true. */
class SizeLimit extends Transform {
  truncated = false
  readonly describe: () => RelayError
  readonly #maxBytes: number
  #bytes = 0

  constructor (maxBytes: number, describe: () => RelayError) {
    super()
    this.#maxBytes = maxBytes
    this.describe = describe
  }

  override _transform (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length
    if (this.#bytes > this.#maxBytes) {
      this.truncated = true
      callback(this.describe())
      return
    }
    callback(null, chunk)
  }
}

/** Returns the boundary parameter of a multipart Content-Type (RFC 2046: 1 to 70 characters). */
export function boundaryOf (contentType: string | undefined): string {
  const match = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s";]{1,70}))\s*(?:;|$)/i.exec(contentType ?? '')
  const boundary = match?.[1] ?? match?.[2]
  if (boundary === undefined) {
    throw new RelayError('WFM_RELAY_INVALID_BODY',
      'the multipart Content-Type has no valid boundary parameter; send ' +
      '"multipart/form-data; boundary=<1 to 70 characters>"')
  }
  return boundary
}

function dispositionOf (part: FormPart): Disposition {
  if (part.header === undefined) {
    throw new RelayError('WFM_RELAY_INVALID_BODY',
      `part ${part.index} of the multipart body has no complete header block; end its headers ` +
      'with an empty line')
  }
  const value = part.header['content-disposition']?.[0]
  const parameters = value === undefined ? undefined : parseDisposition(value)
  const name = parameters?.get('name')
  if (parameters === undefined || name === undefined || name === '') {
    throw new RelayError('WFM_RELAY_INVALID_BODY',
      `part ${part.index} of the multipart body has no "Content-Disposition: form-data; ` +
      'name=..." header')
  }
  return { name, fileName: parameters.get('filename') }
}

/**
 * Reads `form-data; name="..."; filename="..."`. Header bytes reach us as latin1 text, and
 * browsers send names as raw UTF-8, so values are decoded again as UTF-8.
 */
function parseDisposition (value: string): Map<string, string> | undefined {
  const [type, ...rest] = value.split(';')
  if (type?.trim().toLowerCase() !== 'form-data') {
    return undefined
  }
  const parameters = new Map<string, string>()
  const pattern = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g
  for (const match of (';' + rest.join(';')).matchAll(pattern)) {
    const key = match[1]?.toLowerCase()
    const raw = match[2]?.replace(/\\(.)/g, '$1') ?? match[3]?.trim() ?? ''
    if (key !== undefined && !parameters.has(key)) {
      parameters.set(key, Buffer.from(raw, 'latin1').toString('utf8'))
    }
  }
  return parameters
}

function toRelayError (error: unknown): unknown {
  if (error instanceof RelayError) {
    return error
  }
  const message = (error as Error | undefined)?.message ?? ''
  if (/unexpected end of multipart data|terminated early/i.test(message)) {
    return new RelayError('WFM_RELAY_INVALID_BODY',
      'the multipart body ends before its closing boundary; send the whole form, ending with ' +
      '"--<boundary>--"', { cause: error })
  }
  return error
}
