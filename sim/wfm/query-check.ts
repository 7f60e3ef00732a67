import { reject } from './types.js'
import type { Rejection } from './types.js'

export interface PushQuery {
  pushToken: string
  sourceId: string
  lastChunk: boolean
  /** Seconds between interval starts; 900 when `historicalDataInterval` is absent. */
  interval: number
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const knownParameters = ['pushToken', 'sourceId', 'lastChunk', 'historicalDataInterval']

/** Converts query parameters to an object, with an array for a repeated name. */
export function queryToRecord (params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {}
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name)
    record[name] = values.length === 1 ? values[0] ?? '' : values
  }
  return record
}

function invalid (message: string): Rejection {
  return reject(400, 'invalid_parameter', message)
}

function parseInterval (value: string | null): number | Rejection {
  if (value === null) return 900

  const seconds = /^[1-9][0-9]*$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(seconds) || seconds % 900 !== 0) {
    return invalid(`historicalDataInterval "${value}" is invalid: use a multiple of 900 seconds`)
  }
  return seconds
}

/** Checks the push endpoint's query parameters and returns them typed, or the rejection. */
export function parsePushQuery (params: URLSearchParams): PushQuery | Rejection {
  for (const name of knownParameters) {
    if (params.getAll(name).length > 1) return invalid(`Query parameter ${name} is repeated`)
  }

  const pushToken = params.get('pushToken')
  if (pushToken === null) return invalid('pushToken is missing: send the upload\'s UUID')
  if (!uuidPattern.test(pushToken)) {
    return invalid(`pushToken "${pushToken}" is invalid: use a UUID`)
  }

  const sourceId = params.get('sourceId')
  if (sourceId === null || sourceId === '') {
    return invalid('sourceId is missing: name the ACD the data comes from')
  }

  const lastChunk = params.get('lastChunk')
  if (lastChunk === null) return invalid('lastChunk is missing: use true or false')
  if (lastChunk !== 'true' && lastChunk !== 'false') {
    return invalid(`lastChunk "${lastChunk}" is invalid: use true or false`)
  }

  const interval = parseInterval(params.get('historicalDataInterval'))
  if (typeof interval !== 'number') return interval

  return { pushToken, sourceId, lastChunk: lastChunk === 'true', interval }
}
