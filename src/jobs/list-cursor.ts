// Opaque cursors for the newest-first job list: the (createdAt, id) of the last job of a page.
// Every store orders by the same pair, so a cursor means the same thing whatever the store.

import { RelayError } from '../errors.js'

export interface CursorPosition {
  createdAt: number
  id: string
}

export function encodeCursor (position: CursorPosition): string {
  return Buffer.from(`${position.createdAt}.${position.id}`, 'utf8').toString('base64url')
}

/** Throws RelayError WFM_RELAY_INVALID_PARAMETER for a cursor this relay did not make. */
export function decodeCursor (cursor: string): CursorPosition {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const match = /^(\d{1,16})\.([A-Za-z0-9_-]{1,128})$/.exec(text)
  if (match === null) {
    throw new RelayError('WFM_RELAY_INVALID_PARAMETER',
      'invalid cursor; pass the nextCursor of the previous page unchanged, or leave it out')
  }
  return { createdAt: Number(match[1]), id: match[2] ?? '' }
}
