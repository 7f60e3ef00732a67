import t from 'tap'
import {
  compileLocalFormat, completeLocalDateTime, matchLocalFormat, ZoneResolver
} from '../../src/ingest/local-time.js'

t.test('compileLocalFormat reads tokens', async (t) => {
  const date = compileLocalFormat('M/D/YYYY', 'date')
  t.strictSame(matchLocalFormat(date, '5/16/2014'), { month: 5, day: 16, year: 2014 })
  t.strictSame(matchLocalFormat(date, '12/01/2014'), { month: 12, day: 1, year: 2014 })
  t.equal(matchLocalFormat(date, '5-16-2014'), undefined)
  t.equal(matchLocalFormat(date, '123/1/2014'), undefined)
  t.equal(matchLocalFormat(date, '5/16/14'), undefined)

  const time = compileLocalFormat('H:mm:ss', 'time')
  t.strictSame(matchLocalFormat(time, '5:00:00'), { hour: 5, minute: 0, second: 0 })
  t.strictSame(matchLocalFormat(time, '13:30:00'), { hour: 13, minute: 30, second: 0 })
  t.equal(matchLocalFormat(time, '13:30'), undefined)

  const stamp = compileLocalFormat('DD.MM.YYYY HH:mm', 'timestamp')
  t.strictSame(matchLocalFormat(stamp, '31.03.2024 02:30'), { day: 31, month: 3, year: 2024, hour: 2, minute: 30 })
  t.equal(matchLocalFormat(stamp, '31x03.2024 02:30'), undefined, 'a dot is a literal, not a wildcard')

  const literal = compileLocalFormat('YYYY-MM-DDTHH:mm', 'timestamp')
  t.strictSame(matchLocalFormat(literal, '2024-03-31T02:30'), { year: 2024, month: 3, day: 31, hour: 2, minute: 30 })
})

t.test('compileLocalFormat rejects bad formats', async (t) => {
  const cases: Array<[string, 'timestamp' | 'date' | 'time', string]> = [
    ['MM/DD/YY', 'date', 'format "MM/DD/YY" has an unsupported token at "YY"; the tokens are YYYY, MM, M, DD, D, HH, H, mm and ss'],
    ['hh:mm', 'time', 'format "hh:mm" has an unsupported token at "hh:mm"; the tokens are YYYY, MM, M, DD, D, HH, H, mm and ss'],
    ['HH:mm a', 'time', 'format "HH:mm a" has an unsupported token at "a"; the tokens are YYYY, MM, M, DD, D, HH, H, mm and ss'],
    ['M/D/YYYY', 'time', 'format "M/D/YYYY" of a time column must not contain the month'],
    ['H:mm', 'date', 'format "H:mm" of a date column must not contain the hour'],
    ['M/YYYY', 'date', 'format "M/YYYY" of a date column has no day'],
    ['HH', 'time', 'format "HH" of a time column has no minute'],
    ['MM/MM/YYYY', 'date', 'format "MM/MM/YYYY" sets the month twice'],
    ['YYYY-MM-DD', 'timestamp', 'format "YYYY-MM-DD" of a timestamp column has no hour, minute']
  ]
  for (const [format, kind, message] of cases) {
    t.throws(() => compileLocalFormat(format, kind), { message }, format)
  }
})

t.test('completeLocalDateTime checks the calendar', async (t) => {
  t.strictSame(completeLocalDateTime({ year: 2014, month: 5, day: 16, hour: 5, minute: 30 }), {
    ok: true,
    value: { year: 2014, month: 5, day: 16, hour: 5, minute: 30, second: 0 }
  })
  t.strictSame(completeLocalDateTime({ year: 2014, month: 2, day: 30, hour: 0, minute: 0 }), {
    ok: false,
    message: 'day 30 does not exist in 2014-02, which has 28 days'
  })
  t.strictSame(completeLocalDateTime({ year: 2014, month: 2, day: 3, hour: 24, minute: 0 }), {
    ok: false,
    message: 'hour 24 is not accepted; write 00:00 of the next day'
  })
})

t.test('ZoneResolver in America/New_York', async (t) => {
  const zone = new ZoneResolver('America/New_York')
  const local = (month: number, day: number, hour: number, minute: number): {
    year: number, month: number, day: number, hour: number, minute: number, second: number
  } => ({ year: 2024, month, day, hour, minute, second: 0 })

  t.strictSame(zone.toEpochSeconds(local(1, 15, 9, 30)), { ok: true, value: Date.parse('2024-01-15T14:30:00Z') / 1000 })
  t.strictSame(zone.toEpochSeconds(local(7, 15, 9, 30)), { ok: true, value: Date.parse('2024-07-15T13:30:00Z') / 1000 })
  t.strictSame(zone.toEpochSeconds(local(3, 10, 1, 45)), { ok: true, value: Date.parse('2024-03-10T06:45:00Z') / 1000 })
  t.strictSame(zone.toEpochSeconds(local(3, 10, 3, 0)), { ok: true, value: Date.parse('2024-03-10T07:00:00Z') / 1000 })

  for (const minute of [0, 15, 30, 45]) {
    t.strictSame(zone.toEpochSeconds(local(3, 10, 2, minute)), {
      ok: false,
      message: `2024-03-10 02:${String(minute).padStart(2, '0')}:00 does not exist in America/New_York because ` +
        'clocks skip it when daylight saving time starts; check the export\'s time zone'
    }, `spring-forward gap 02:${minute}`)
  }

  t.strictSame(zone.toEpochSeconds(local(11, 3, 1, 30)), {
    ok: false,
    message: '2024-11-03 01:30:00 is ambiguous in America/New_York: it occurs twice ' +
      '(2024-11-03T05:30:00Z and 2024-11-03T06:30:00Z) because clocks are set back, ' +
      'so export this day with UTC offsets or in UTC'
  })
  t.strictSame(zone.toEpochSeconds(local(11, 3, 0, 45)), { ok: true, value: Date.parse('2024-11-03T04:45:00Z') / 1000 })
  t.strictSame(zone.toEpochSeconds(local(11, 3, 2, 0)), { ok: true, value: Date.parse('2024-11-03T07:00:00Z') / 1000 })
})

t.test('ZoneResolver caches answers', async (t) => {
  const zone = new ZoneResolver('Europe/Berlin')
  const local = { year: 2024, month: 10, day: 27, hour: 2, minute: 30, second: 0 }
  const first = zone.toEpochSeconds(local)
  t.equal(zone.toEpochSeconds({ ...local }), first, 'the same result object comes from the cache')
  t.equal(first.ok, false)
})
