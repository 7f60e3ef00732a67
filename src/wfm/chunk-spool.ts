// Cuts an upload's CSV lines into chunk files of whole rows in the upload's spool directory
// (`{dataDir}/spool/{uploadId}/`), so the sender can resend any chunk byte for byte and memory
// stays bounded whatever the upload size.

import { mkdir, open, readFile, rm, type FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { RelayError } from '../errors.js'

/** One chunk file of the spool. */
export interface SpoolChunk {
  /** Position in the upload, 1-based; also the number in the file name. */
  index: number
  path: string
  /** Size in UTF-8 bytes. */
  bytes: number
  rows: number
}

/**
 * The list of chunk files of one upload. A plain object, so it can be written to disk as JSON
 * and handed to another process that sends the chunks.
 */
export interface SpoolManifest {
  dir: string
  chunks: SpoolChunk[]
  rows: number
  bytes: number
}

export interface ChunkSpoolOptions {
  /** Directory of this upload's chunks; see spoolDirectory. It must not exist yet. */
  dir: string
  maxChunkBytes: number
  /** Bytes gathered in memory before they are written out; the default is 64 KiB. */
  writeBufferBytes?: number
  /**
   * fsync every chunk file and the directories that name them before finish() returns, so the
   * spool survives a crash or power loss once the relay has answered "accepted".
   */
  durable?: boolean
}

const uploadIdPattern = /^[A-Za-z0-9_-]{1,128}$/

interface OpenChunk extends SpoolChunk {
  handle: FileHandle
}

/** Returns the spool directory of an upload. */
export function spoolDirectory (dataDir: string, uploadId: string): string {
  if (!uploadIdPattern.test(uploadId)) {
    throw new TypeError(`Invalid upload ID ${JSON.stringify(uploadId)}: use letters, digits, - and _`)
  }
  return join(dataDir, 'spool', uploadId)
}

/** Returns the path of chunk `index` (1-based) in a spool directory. */
export function chunkPath (dir: string, index: number): string {
  return join(dir, `chunk-${String(index).padStart(6, '0')}.csv`)
}

/** Reads a chunk file, so a resend carries exactly the bytes of the first attempt. */
export async function readChunk (path: string): Promise<Buffer> {
  return await readFile(path)
}

/**
 * Takes encoded lines in upload order and writes them into chunk files of at most
 * `maxChunkBytes` each. The directory appears with the first row. Await every `write` before
 * the next one. Any failure removes the directory before the error reaches the caller.
 */
export class ChunkSpoolWriter {
  readonly dir: string
  readonly maxChunkBytes: number
  readonly #writeBufferBytes: number
  readonly #durable: boolean
  readonly #chunks: SpoolChunk[] = []
  #current: OpenChunk | undefined
  #buffered: string[] = []
  #bufferedBytes = 0
  #state: 'open' | 'busy' | 'finished' | 'discarded' = 'open'
  #createdDir = false

  constructor (options: ChunkSpoolOptions) {
    this.dir = options.dir
    this.maxChunkBytes = options.maxChunkBytes
    this.#writeBufferBytes = options.writeBufferBytes ?? 64 * 1024
    this.#durable = options.durable ?? false
  }

  /** Appends one row. `line` must end in `\n` and is never split across chunks. */
  async write (line: string): Promise<void> {
    this.#enter('write')
    try {
      await this.#append(line)
      this.#state = 'open'
    } catch (error) {
      await this.discard()
      throw error
    }
  }

  /** Writes out what is buffered, closes the last chunk and returns the manifest. */
  async finish (): Promise<SpoolManifest> {
    this.#enter('finish')
    try {
      await this.#closeChunk()
      if (this.#durable && this.#createdDir) {
        // A new file's name is durable only once its directory is synced, and the same holds
        // for the upload's directory inside spool/.
        await syncDirectory(this.dir)
        await syncDirectory(dirname(this.dir))
      }
      this.#state = 'finished'
    } catch (error) {
      await this.discard()
      throw error
    }
    return this.#manifest()
  }

  /**
   * Removes the directory and every chunk in it; safe to call more than once and after errors.
   * A directory that this writer did not create is left alone.
   */
  async discard (): Promise<void> {
    this.#state = 'discarded'
    const current = this.#current
    this.#current = undefined
    this.#buffered = []
    this.#bufferedBytes = 0

    await current?.handle.close().catch(() => {})
    if (this.#createdDir) {
      await rm(this.dir, { recursive: true, force: true })
    }
  }

  #enter (operation: string): void {
    if (this.#state !== 'open') {
      throw new Error(`Cannot ${operation} the spool of ${this.dir}: it is ${this.#state}`)
    }
    this.#state = 'busy'
  }

  async #append (line: string): Promise<void> {
    if (!line.endsWith('\n')) {
      throw new TypeError('Spool lines must end in \\n')
    }
    const bytes = Buffer.byteLength(line)
    if (bytes > this.maxChunkBytes) {
      throw new RelayError('WFM_RELAY_ROW_TOO_LARGE',
        `A row of ${bytes} bytes is larger than the chunk limit of ${this.maxChunkBytes} bytes ` +
        '(maxChunkBytes); shorten the queue name or raise maxChunkBytes')
    }

    if (this.#current === undefined || this.#current.bytes + bytes > this.maxChunkBytes) {
      await this.#closeChunk()
      this.#current = await this.#openChunk()
    }

    this.#current.bytes += bytes
    this.#current.rows += 1
    this.#buffered.push(line)
    this.#bufferedBytes += bytes
    if (this.#bufferedBytes >= this.#writeBufferBytes) {
      await this.#flush(this.#current)
    }
  }

  async #openChunk (): Promise<OpenChunk> {
    const index = this.#chunks.length + 1
    if (index === 1) {
      await mkdir(dirname(this.dir), { recursive: true })
      // Not recursive, so a second upload with the same directory fails instead of mixing in.
      await mkdir(this.dir)
      this.#createdDir = true
    }
    const path = chunkPath(this.dir, index)

    // 'wx' fails on an existing file, which would mean two writers share one directory.
    const handle = await open(path, 'wx')
    return { index, path, bytes: 0, rows: 0, handle }
  }

  async #flush (chunk: OpenChunk): Promise<void> {
    if (this.#bufferedBytes === 0) {
      return
    }
    const data = Buffer.from(this.#buffered.join(''))
    this.#buffered = []
    this.#bufferedBytes = 0

    // FileHandle.write may write only part of the buffer, so loop until all of it is out.
    let offset = 0
    while (offset < data.length) {
      const { bytesWritten } = await chunk.handle.write(data, offset)
      offset += bytesWritten
    }
  }

  async #closeChunk (): Promise<void> {
    const chunk = this.#current
    if (chunk === undefined) {
      return
    }
    await this.#flush(chunk)
    if (this.#durable) await chunk.handle.sync()
    await chunk.handle.close()

    this.#current = undefined
    this.#chunks.push({ index: chunk.index, path: chunk.path, bytes: chunk.bytes, rows: chunk.rows })
  }

  #manifest (): SpoolManifest {
    const chunks = this.#chunks.map((chunk) => ({ ...chunk }))
    const rows = chunks.reduce((sum, chunk) => sum + chunk.rows, 0)
    const bytes = chunks.reduce((sum, chunk) => sum + chunk.bytes, 0)
    return { dir: this.dir, chunks, rows, bytes }
  }
}

async function syncDirectory (path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
