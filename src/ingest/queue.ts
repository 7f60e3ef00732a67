// Queue names as the WFM maps them to its own queues: the ACD's name, trimmed.

import { accept, quoteValue, reject, type FieldResult } from './field-result.js'

export const maxQueueLength = 255

/** C0 controls, DEL and C1 controls. */
const controlCharacter = /[\u0000-\u001F\u007F-\u009F]/

const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Trims a queue name and checks it: not empty, at most 255 characters (code points), and
 * free of control characters, unpaired surrogates and U+FFFD. U+FFFD is rejected because it
 * marks text damaged by an earlier wrong decoding, and would create a queue the WFM does not know.
 */
export function normalizeQueue (text: string): FieldResult<string> {
  const queue = text.trim()
  if (queue === '') {
    return reject('the queue name is empty; every row needs the ACD queue name')
  }

  const control = controlCharacter.exec(queue)
  if (control !== null) {
    const code = (control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')
    return reject(`queue name ${quoteValue(queue)} contains the control character U+${code}; remove it`)
  }
  if (unpairedSurrogate.test(queue)) {
    return reject(`queue name ${quoteValue(queue)} contains an unpaired UTF-16 surrogate, ` +
      'which is not text; fix the encoding of the source')
  }
  if (queue.includes('\uFFFD')) {
    return reject(`queue name ${quoteValue(queue)} contains U+FFFD, the replacement character ` +
      'left by a wrong decoding; export the file again in UTF-8 or declare its charset')
  }

  // A string has at least as many UTF-16 code units as code points, so short ones need no count.
  const length = queue.length <= maxQueueLength ? queue.length : [...queue].length
  if (length > maxQueueLength) {
    return reject(`queue name ${quoteValue(queue, 40)} is ${length} characters long; ` +
      `the maximum is ${maxQueueLength}`)
  }
  return accept(queue)
}

/** Queue names remembered by a queue reader; an upload rarely has more queues than this. */
const maxRememberedQueues = 4096

/**
 * Returns a normalizeQueue for the records of one upload that remembers its results, because an
 * upload repeats the same few queue names on every interval.
 */
export function createQueueReader (): (text: string) => FieldResult<string> {
  const results = new Map<string, FieldResult<string>>()
  return (text) => {
    let result = results.get(text)
    if (result === undefined) {
      if (results.size >= maxRememberedQueues) results.clear()
      result = normalizeQueue(text)
      results.set(text, result)
    }
    return result
  }
}
