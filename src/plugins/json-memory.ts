// application/json bodies are parsed whole, so each one keeps its text and all of its row
// objects on the V8 heap until the upload is read. Without a bound, a few large bodies at once
// exceed the heap limit (--max-old-space-size) and V8 ends the process. This budget admits a
// body only while the bodies being read together fit in a share of the heap limit.

import { getHeapStatistics } from 'node:v8'

/**
 * Heap bytes one body byte takes while its rows are read: about 2.5 measured after
 * JSON.parse of a 16 MiB body of rows on Node 20, plus room for the copies made while parsing.
 */
export const heapBytesPerJsonByte = 4

/** Share of the heap limit that JSON bodies may take together; the rest serves everything else. */
export const jsonHeapShare = 0.5

export class JsonMemoryBudget {
  /** Heap bytes that bodies may reserve together. */
  readonly capacityBytes: number
  #reservedBytes = 0

  constructor (capacityBytes = getHeapStatistics().heap_size_limit * jsonHeapShare) {
    this.capacityBytes = capacityBytes
  }

  get reservedBytes (): number {
    return this.#reservedBytes
  }

  /** Largest body that the budget admits when nothing else is reserved. */
  get maxBodyBytes (): number {
    return Math.floor(this.capacityBytes / heapBytesPerJsonByte)
  }

  /**
   * Reserves the heap for a body of `bodyBytes`. Returns a function that releases it (safe to
   * call more than once), or undefined when the budget cannot take the body now.
   */
  tryReserve (bodyBytes: number): (() => void) | undefined {
    const cost = bodyBytes * heapBytesPerJsonByte
    if (this.#reservedBytes + cost > this.capacityBytes) return undefined

    this.#reservedBytes += cost
    let released = false
    return () => {
      if (released) return
      released = true
      this.#reservedBytes -= cost
    }
  }
}

/**
 * Throws when one body of `jsonBodyBytes` could never fit the budget, so that a relay whose
 * limits.jsonBodyBytes is too large for its heap does not start instead of failing later.
 */
export function checkJsonBodyLimit (jsonBodyBytes: number, budget: JsonMemoryBudget): void {
  if (jsonBodyBytes <= budget.maxBodyBytes) return

  const mebibytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1)
  throw new Error(`limits.jsonBodyBytes is ${mebibytes(jsonBodyBytes)} MiB, but this process's ` +
    `heap limit admits JSON bodies of at most ${mebibytes(budget.maxBodyBytes)} MiB, because a ` +
    `body is parsed whole and takes about ${heapBytesPerJsonByte} times its size. Lower ` +
    'limits.jsonBodyBytes or raise Node\'s --max-old-space-size')
}
