import t from 'tap'
import { checkIntervalStart, parseIsoInstant, parseIsoTimestamp } from '../../src/ingest/timestamps.js'

t.test('parseIsoInstant accepted forms', async (t) => {
  const cases: Array<[string, number]> = [
    ['2019-01-18T22:15:00Z', 1547849700],
    ['2019-01-18T23:15:00+01:00', 1547849700],
    ['2019-01-18T17:15:00-05:00', 1547849700],
    ['2019-01-18T22:15:00.000Z', 1547849700],
    ['2019-01-18T22:15:00.0+00:00', 1547849700],
    ['2019-01-19T03:45:00+05:30', 1547849700],
    ['2019-01-18T22:15:00-00:00', 1547849700],
    ['2020-02-29T00:00:00Z', 1582934400],
    ['1970-01-01T00:00:00Z', 0],
    ['9999-12-31T23:45:00Z', 253402299900]
  ]
  for (const [text, expected] of cases) {
    t.strictSame(parseIsoInstant(text), { ok: true, value: expected }, text)
  }
})

t.test('parseIsoInstant rejected forms', async (t) => {
  const example = 'write it like 2019-01-18T22:15:00Z or 2019-01-18T23:15:00+01:00'
  const cases: Array<[string, string]> = [
    ['2019-01-18T22:15:00', '"2019-01-18T22:15:00" has no UTC offset; append Z for UTC or an offset such as +01:00, because the WFM cannot tell which time zone is meant'],
    ['2019-01-18 22:15:00Z', `"2019-01-18 22:15:00Z" is not an ISO 8601 timestamp; ${example}`],
    ['2019-01-18T22:15Z', `"2019-01-18T22:15Z" is not an ISO 8601 timestamp; ${example}`],
    ['2019-01-18T22:15:00z', `"2019-01-18T22:15:00z" is not an ISO 8601 timestamp; ${example}`],
    ['2019-01-18T22:15:00+0100', `"2019-01-18T22:15:00+0100" is not an ISO 8601 timestamp; ${example}`],
    ['2019-01-18T22:15:00+01', `"2019-01-18T22:15:00+01" is not an ISO 8601 timestamp; ${example}`],
    [' 2019-01-18T22:15:00Z', `" 2019-01-18T22:15:00Z" is not an ISO 8601 timestamp; ${example}`],
    ['', `"" is not an ISO 8601 timestamp; ${example}`],
    ['2019-02-30T00:00:00Z', '"2019-02-30T00:00:00Z" is not a valid date and time: day 30 does not exist in 2019-02, which has 28 days'],
    ['2019-02-29T00:00:00Z', '"2019-02-29T00:00:00Z" is not a valid date and time: day 29 does not exist in 2019-02, which has 28 days'],
    ['1900-02-29T00:00:00Z', '"1900-02-29T00:00:00Z" is not a valid date and time: day 29 does not exist in 1900-02, which has 28 days'],
    ['2019-13-01T00:00:00Z', '"2019-13-01T00:00:00Z" is not a valid date and time: month 13 does not exist; months are 1 to 12'],
    ['2019-00-01T00:00:00Z', '"2019-00-01T00:00:00Z" is not a valid date and time: month 0 does not exist; months are 1 to 12'],
    ['2019-01-00T00:00:00Z', '"2019-01-00T00:00:00Z" is not a valid date and time: day 0 does not exist in 2019-01, which has 31 days'],
    ['2019-01-18T24:00:00Z', '"2019-01-18T24:00:00Z" is not a valid date and time: hour 24 is not accepted; write 00:00 of the next day'],
    ['2019-01-18T25:00:00Z', '"2019-01-18T25:00:00Z" is not a valid date and time: hour 25 does not exist; hours are 0 to 23'],
    ['2019-01-18T22:60:00Z', '"2019-01-18T22:60:00Z" is not a valid date and time: minute 60 does not exist; minutes are 0 to 59'],
    ['2016-12-31T23:59:60Z', '"2016-12-31T23:59:60Z" is not a valid date and time: second 60 (a leap second) is not accepted; interval starts fall on whole minutes'],
    ['2019-01-18T22:15:61Z', '"2019-01-18T22:15:61Z" is not a valid date and time: second 61 does not exist; seconds are 0 to 59'],
    ['2019-01-18T22:15:00.5Z', '"2019-01-18T22:15:00.5Z" has a nonzero fraction of a second; interval starts fall on whole minutes, so drop the fraction or fix the time'],
    ['2019-01-18T22:15:00.001Z', '"2019-01-18T22:15:00.001Z" has a nonzero fraction of a second; interval starts fall on whole minutes, so drop the fraction or fix the time'],
    ['2019-01-18T22:15:00+24:00', '"2019-01-18T22:15:00+24:00" has the offset +24:00, which is out of range; offsets are -23:59 to +23:59'],
    ['2019-01-18T22:15:00+01:60', '"2019-01-18T22:15:00+01:60" has the offset +01:60, which is out of range; offsets are -23:59 to +23:59']
  ]
  for (const [text, message] of cases) {
    t.strictSame(parseIsoInstant(text), { ok: false, message }, text)
  }
})

t.test('parseIsoTimestamp without offset', async (t) => {
  t.strictSame(parseIsoTimestamp('2024-03-31T02:30:00'), {
    ok: true,
    value: { kind: 'local', local: { year: 2024, month: 3, day: 31, hour: 2, minute: 30, second: 0 } }
  })
})

t.test('checkIntervalStart boundaries and range', async (t) => {
  t.strictSame(checkIntervalStart(1547849700, 900, 'x'), { ok: true, value: 1547849700 })
  t.strictSame(checkIntervalStart(1547849700, 1800, 'x'), {
    ok: false,
    message: '"x" (2019-01-18T22:15:00Z) is not on a boundary of the 1800-second interval; the interval containing it starts at 2019-01-18T22:00:00Z'
  })
  t.strictSame(checkIntervalStart(1547849400, 900, '2019-01-18T22:10:00Z'), {
    ok: false,
    message: '"2019-01-18T22:10:00Z" is not on a boundary of the 900-second interval; the interval containing it starts at 2019-01-18T22:00:00Z'
  })
  t.strictSame(checkIntervalStart(-900, 900, '1969-12-31T23:45:00Z'), {
    ok: false,
    message: '"1969-12-31T23:45:00Z" is outside the supported range 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z'
  })
  t.strictSame(checkIntervalStart(253402300800, 900, '9999-12-31T23:00:00-01:00'), {
    ok: false,
    message: '"9999-12-31T23:00:00-01:00" is outside the supported range 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z'
  })
})

t.test('parseIsoInstant years before 100', async (t) => {
  // Date.UTC would read year 0099 as 1999; the calendar code must not.
  const parsed = parseIsoInstant('0099-01-01T00:00:00Z')
  t.strictSame(parsed, { ok: true, value: -59042995200 })
})
