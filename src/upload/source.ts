// Reads what a request carries into an UploadSource. Multipart files are written to disk first,
// because form fields that choose the profile or interval may arrive after the files.

import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyRequest } from 'fastify'
import { RelayError } from '../errors.js'
import { acceptedMediaTypes, charsetOf, mediaTypeOf } from '../plugins/body-parsers.js'

export interface StashedFile {
  fileName: string
  path: string
  charset?: string
}

export type UploadSource =
  | { kind: 'csv', stream: Readable, charset?: string }
  | { kind: 'ndjson', stream: Readable }
  | { kind: 'json', body: unknown }
  | { kind: 'multipart', files: StashedFile[], fields: Record<string, string>, dir: string }

export async function readUploadSource (request: FastifyRequest, stashDir: string): Promise<UploadSource> {
  const contentType = request.headers['content-type']
  switch (mediaTypeOf(contentType)) {
    case 'text/csv':
      return { kind: 'csv', stream: request.body as Readable, charset: charsetOf(contentType) }
    case 'application/x-ndjson':
      return { kind: 'ndjson', stream: request.body as Readable }
    case 'application/json':
      return { kind: 'json', body: request.body }
    case 'multipart/form-data':
      return await stashMultipart(request, stashDir)
    default:
      throw new RelayError('WFM_RELAY_UNSUPPORTED_MEDIA_TYPE',
        `unsupported Content-Type "${contentType ?? ''}"; send one of: ${acceptedMediaTypes.join(', ')}`)
  }
}

/** Removes what readUploadSource wrote to disk, if anything. */
export async function releaseUploadSource (source: UploadSource | undefined): Promise<void> {
  if (source?.kind === 'multipart') await rm(source.dir, { recursive: true, force: true })
}

async function stashMultipart (request: FastifyRequest, dir: string): Promise<UploadSource> {
  await mkdir(dir, { recursive: true })
  const files: StashedFile[] = []
  // No prototype, so a field named __proto__ is just an unknown field.
  const fields: Record<string, string> = Object.create(null)
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        addField(fields, part.fieldname, part.value)
        continue
      }
      const path = join(dir, `part-${String(files.length + 1).padStart(4, '0')}`)
      await pipeline(part.file, createWriteStream(path))
      if (part.file.truncated) {
        throw new RelayError('WFM_RELAY_BODY_TOO_LARGE',
          `file "${part.filename}" is larger than the multipart file size limit`)
      }
      files.push({ fileName: part.filename || part.fieldname, path, charset: charsetOf(part.mimetype) })
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }

  if (files.length === 0) {
    await rm(dir, { recursive: true, force: true })
    throw new RelayError('WFM_RELAY_EMPTY_UPLOAD',
      'the multipart body has no file part; attach the CSV file as a form file field')
  }
  return { kind: 'multipart', files, fields, dir }
}

function addField (fields: Record<string, string>, name: string, value: unknown): void {
  if (typeof value !== 'string') {
    throw new RelayError('WFM_RELAY_INVALID_PARAMETER', `form field "${name}" must be text`)
  }
  if (Object.hasOwn(fields, name)) {
    throw new RelayError('WFM_RELAY_INVALID_PARAMETER', `form field "${name}" is sent twice; send it once`)
  }
  fields[name] = value
}
