// Reads what a request carries into an UploadSource. Multipart files are written to disk first,
// because form fields that choose the profile or interval may arrive after the files.

import { rm } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import type { FastifyRequest } from 'fastify'
import { RelayError } from '../errors.js'
import { acceptedMediaTypes, charsetOf, isMultipartBody, mediaTypeOf } from '../plugins/body-parsers.js'
import { stashForm, type StashedFile } from './multipart-stash.js'

export type { StashedFile }

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
  const body = request.body
  if (!isMultipartBody(body)) {
    throw new Error('the multipart body parser did not run')
  }
  const form = await stashForm(body.multipartStream, request.headers['content-type'], dir, body.limits)
  return { kind: 'multipart', files: form.files, fields: form.fields, dir }
}
