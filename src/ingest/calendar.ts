// Proleptic Gregorian calendar arithmetic on wall-clock dates and times, with no time zone.
// Date.UTC is avoided because it maps years 0-99 to 1900-1999.

export interface LocalDateTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const secondsPerDay = 86_400

/** Earliest and latest instants an interval start may have: 1970-01-01 to 9999-12-31 UTC. */
export const minEpochSeconds = 0
export const maxEpochSeconds = 253_402_300_799

export function isLeapYear (year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth (year: number, month: number): number {
  if (month === 2) {
    return isLeapYear(year) ? 29 : 28
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/**
 * Checks that a date and time exist on a 24-hour clock without leap seconds.
 * Returns a message naming the bad part, or undefined when the value is valid.
 */
export function checkLocalDateTime (local: LocalDateTime): string | undefined {
  const { year, month, day, hour, minute, second } = local
  if (month < 1 || month > 12) {
    return `month ${month} does not exist; months are 1 to 12`
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    return `day ${day} does not exist in ${year}-${pad(month)}, which has ${daysInMonth(year, month)} days`
  }
  if (hour === 24) {
    return 'hour 24 is not accepted; write 00:00 of the next day'
  }
  if (hour > 23) {
    return `hour ${hour} does not exist; hours are 0 to 23`
  }
  if (minute > 59) {
    return `minute ${minute} does not exist; minutes are 0 to 59`
  }
  if (second === 60) {
    return 'second 60 (a leap second) is not accepted; interval starts fall on whole minutes'
  }
  if (second > 59) {
    return `second ${second} does not exist; seconds are 0 to 59`
  }
  return undefined
}

/** Converts a wall-clock date and time to seconds since the epoch, as if it were UTC. */
export function epochSecondsOf (local: LocalDateTime): number {
  const days = daysFromCivil(local.year, local.month, local.day)
  return days * secondsPerDay + local.hour * 3600 + local.minute * 60 + local.second
}

/** Formats a wall-clock value as `YYYY-MM-DD HH:mm:ss` for messages. */
export function formatLocalDateTime (local: LocalDateTime): string {
  const date = `${String(local.year).padStart(4, '0')}-${pad(local.month)}-${pad(local.day)}`
  return `${date} ${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}`
}

/** Formats epoch seconds as `YYYY-MM-DDTHH:mm:ssZ`. */
export function formatUtc (epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 19) + 'Z'
}

function pad (value: number): string {
  return String(value).padStart(2, '0')
}

/**
 * Counts days from 1970-01-01 to a date of the proleptic Gregorian calendar, using the era
 * decomposition from Howard Hinnant's "chrono-Compatible Low-Level Date Algorithms".
 */
function daysFromCivil (year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year
  const era = Math.floor(shiftedYear / 400)
  const yearOfEra = shiftedYear - era * 400
  const shiftedMonth = month > 2 ? month - 3 : month + 9
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}
