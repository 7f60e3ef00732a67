// Splits a multipart/form-data body into parts with Dicer, the parser inside busboy, and hands
// them out one at a time with their headers. Dicer is used directly because busboy drops the
// charset of file parts, which the relay needs to decode CSV files.

import type { Readable } from 'node:stream'
import { Dicer } from '@fastify/busboy'

/** Header names in lower case, each with its values. */
export type PartHeader = Record<string, string[] | undefined>

export interface FormPart {
  /** Position in the body, from 1. */
  index: number
  /** Undefined when the part ended before its header block did. */
  header: PartHeader | undefined
  stream: Readable
}

/** Header lines per part: Content-Disposition, Content-Type and a few more are plenty. */
const maxHeaderPairs = 16

interface PendingPart {
  index: number
  stream: Readable
  header: Promise<PartHeader | undefined>
  settle: () => void
}

/**
 * Yields the parts of a body in order. A part's data must be read (or the iteration ended)
 * before the next part can arrive, which keeps memory at a few stream buffers. Throws the
 * body's own error, or Dicer's for a body that ends before its closing boundary.
 */
export async function * readFormParts (body: Readable, boundary: string): AsyncGenerator<FormPart> {
  const dicer = new Dicer({ boundary, maxHeaderPairs })
  const queue = new PartQueue()
  let previous: PendingPart | undefined

  dicer.on('part', (stream: Readable) => {
    // Dicer emits a part's header before the next part starts, so one that has none by now has
    // none at all.
    previous?.settle()
    previous = trackPart(stream, queue.count + 1)
    queue.push(previous)
  })
  // Dicer emits its own 'finish' once every part was read, which stream.pipeline does not wait
  // for, so the end and the failures are taken from the events.
  const fail = (error: unknown): void => {
    previous?.settle()
    queue.fail(error)
    // The part being read would otherwise wait for data that never comes.
    if (previous !== undefined && !previous.stream.readableEnded) {
      previous.stream.destroy(error instanceof Error ? error : new Error(String(error)))
    }
  }
  dicer.on('finish', () => {
    previous?.settle()
    queue.end()
  })
  dicer.on('error', fail)
  body.on('error', fail)
  body.pipe(dicer)

  try {
    for (let pending = await queue.next(); pending !== undefined; pending = await queue.next()) {
      // Every failure of the body settles the pending header, so this never waits forever.
      const header = await pending.header
      queue.throwIfFailed()
      yield { index: pending.index, header, stream: pending.stream }
    }
  } finally {
    // Stops parsing when the reader leaves early; after the end this changes nothing.
    body.unpipe(dicer)
    dicer.destroy()
  }
}

function trackPart (stream: Readable, index: number): PendingPart {
  // Dicer emits 'error' on a part cut off by the end of the body; without a listener that
  // would end the process.
  stream.on('error', () => {})
  let settle = (): void => {}
  const header = new Promise<PartHeader | undefined>((resolve, reject) => {
    settle = () => { resolve(undefined) }
    stream.once('header', (value: PartHeader) => { resolve(value) })
    stream.once('error', reject)
  })
  header.catch(() => {})
  return { index, stream, header, settle }
}

/** Parts waiting to be read, in order, and how the body ended. */
class PartQueue {
  count = 0
  #parts: PendingPart[] = []
  #ended = false
  #failure: { error: unknown } | undefined
  #wake: (() => void) | undefined

  push (part: PendingPart): void {
    this.count++
    this.#parts.push(part)
    this.#notify()
  }

  end (): void {
    this.#ended = true
    this.#notify()
  }

  fail (error: unknown): void {
    this.#failure ??= { error }
    this.#notify()
  }

  /** Returns the next part, undefined at the end of the body, or throws the body's failure. */
  async next (): Promise<PendingPart | undefined> {
    for (;;) {
      this.throwIfFailed()
      const part = this.#parts.shift()
      if (part !== undefined) return part
      if (this.#ended) return undefined
      await new Promise<void>((resolve) => { this.#wake = resolve })
    }
  }

  throwIfFailed (): void {
    if (this.#failure !== undefined) throw this.#failure.error
  }

  #notify (): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }
}
