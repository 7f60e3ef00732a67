import t from 'tap'
import type { ProfileConfig } from '../../src/config/schema.js'
import { epoch, ingestCsv } from './helpers.js'

const berlin: ProfileConfig = {
  timeZone: 'Europe/Berlin',
  completeDays: true,
  columns: {
    queue: 'Queue',
    offered: 'Offered',
    aht: 'AHT',
    date: { column: 'Date', format: 'YYYY-MM-DD' },
    time: { column: 'Time', format: 'HH:mm' }
  }
}

const header = 'Date,Time,Queue,Offered,AHT\n'

function startsOf (queue: string, received: Array<{ row: { queue: string, intervalStart: number } }>): number[] {
  return received.filter((entry) => entry.row.queue === queue).map((entry) => entry.row.intervalStart).sort((a, b) => a - b)
}

function quarterHours (from: string, to: string): number[] {
  const starts: number[] = []
  for (let start = epoch(from); start < epoch(to); start += 900) {
    starts.push(start)
  }
  return starts
}

t.test('DST days in Europe/Berlin', async (t) => {
  const text = header +
    '2024-03-31,01:45,Spring,4,120\n' +
    '2024-03-31,03:00,Spring,5,130\n' +
    '2024-10-27,01:45,Autumn,6,140\n' +
    '2024-10-27,03:00,Autumn,7,150\n'
  const { result, sink } = await ingestCsv(text, { profile: berlin, profileName: 'berlin' })
  t.strictSame(result.errors, [])

  // 01:45 CET is 00:45Z; 03:00 CEST is 01:00Z, the next quarter-hour in real time.
  t.strictSame(sink.received.slice(0, 4).map((entry) => entry.row.intervalStart), [
    epoch('2024-03-31T00:45:00Z'), epoch('2024-03-31T01:00:00Z'),
    epoch('2024-10-26T23:45:00Z'), epoch('2024-10-27T02:00:00Z')
  ])

  const spring = startsOf('Spring', sink.received)
  t.equal(spring.length, 92, 'a 23-hour day has 92 quarter-hours')
  t.strictSame(spring, quarterHours('2024-03-30T23:00:00Z', '2024-03-31T22:00:00Z'))

  const autumn = startsOf('Autumn', sink.received)
  t.equal(autumn.length, 100, 'a 25-hour day has 100 quarter-hours')
  t.strictSame(autumn, quarterHours('2024-10-26T22:00:00Z', '2024-10-27T23:00:00Z'))

  t.equal(result.filledRows, 92 + 100 - 4)
  t.equal(result.rows, 192)
})

t.test('DST gap and repeated hour', async (t) => {
  const text = header +
    '2024-03-31,02:00,Spring,1,1\n' +
    '2024-03-31,02:45,Spring,1,1\n' +
    '2024-10-27,02:00,Autumn,1,1\n' +
    '2024-10-27,02:45,Autumn,1,1\n'
  const { result, sink } = await ingestCsv(text, { profile: berlin, profileName: 'berlin' })
  const gap = (time: string): string => `2024-03-31 ${time}:00 does not exist in Europe/Berlin because clocks ` +
    'skip it when daylight saving time starts; check the export\'s time zone'
  const twice = (time: string, first: string, second: string): string => `2024-10-27 ${time}:00 is ambiguous in ` +
    `Europe/Berlin: it occurs twice (${first} and ${second}) because clocks are set back, so export this day with UTC offsets or in UTC`
  t.strictSame(result.errors, [
    { line: 2, field: 'Time', value: '2024-03-31 02:00', message: gap('02:00') },
    { line: 3, field: 'Time', value: '2024-03-31 02:45', message: gap('02:45') },
    { line: 4, field: 'Time', value: '2024-10-27 02:00', message: twice('02:00', '2024-10-27T00:00:00Z', '2024-10-27T01:00:00Z') },
    { line: 5, field: 'Time', value: '2024-10-27 02:45', message: twice('02:45', '2024-10-27T00:45:00Z', '2024-10-27T01:45:00Z') }
  ])
  t.strictSame(sink.received, [])
  t.equal(result.filledRows, 0)
})
