import fc from 'fast-check'
import t from 'tap'
import { defaultCsvColumns, type CsvColumn } from '../../src/config/schema.js'
import {
  createRowEncoder, encodeRow, formatDecimal, formatIntervalStart, quoteField
} from '../../src/wfm/csv-encoder.js'

t.test('formatDecimal table', async (t) => {
  const cases: Array<[number, string]> = [
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [245.5, '245.5'],
    [0.1, '0.1'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [1.2345e-10, '0.00000000012345'],
    [0.000001, '0.000001'],
    [1e21, '1000000000000000000000'],
    [1.5e21, '1500000000000000000000'],
    [1.2345678e25, '12345678000000000000000000'],
    [123456789012345680000, '123456789012345680000'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    [-2.5e-8, '-0.000000025'],
    [-3e22, '-30000000000000000000000']
  ]
  for (const [value, expected] of cases) {
    t.equal(formatDecimal(value), expected, `formatDecimal(${value})`)
  }
})

t.test('formatDecimal round trip', async (t) => {
  for (const value of [1e-7, 1.5e-7, 1e21, 4.35e-12, 7.77e30, 245.5]) {
    t.equal(Number(formatDecimal(value)), value, `${value} reads back unchanged`)
  }
})

t.test('formatDecimal non-finite', async (t) => {
  t.throws(() => formatDecimal(Number.NaN), RangeError)
  t.throws(() => formatDecimal(Number.POSITIVE_INFINITY), RangeError)
})

t.test('formatIntervalStart utc', async (t) => {
  t.equal(formatIntervalStart(Date.UTC(2019, 0, 18, 22, 15) / 1000), '2019-01-18T22:15:00Z')
  t.equal(formatIntervalStart(0), '1970-01-01T00:00:00Z')
})

t.test('quoteField cases', async (t) => {
  const cases: Array<[string, string]> = [
    ['Sales', 'Sales'],
    ['Sales, EU', '"Sales, EU"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['semi;colon', 'semi;colon'],
    [' padded ', ' padded '],
    ['', '']
  ]
  for (const [value, expected] of cases) {
    t.equal(quoteField(value), expected, JSON.stringify(value))
  }
})

t.test('encodeRow default columns', async (t) => {
  const row = {
    intervalStart: Date.UTC(2024, 2, 31, 1, 45) / 1000,
    queue: 'Support, Tier 2',
    offered: 12,
    aht: 245.5
  }

  const line = encodeRow(row, 'genesys', defaultCsvColumns)

  t.equal(line, '2024-03-31T01:45:00Z,genesys,"Support, Tier 2",12,245.5\n')
})

t.test('encodeRow unicode queue', async (t) => {
  const row = { intervalStart: 1_700_000_100, queue: 'Zákaznická linka 💬 "VIP"', offered: 0, aht: 1e-7 }

  const line = encodeRow(row, 'acd-1', defaultCsvColumns)

  t.equal(line, '2023-11-14T22:15:00Z,acd-1,"Zákaznická linka 💬 ""VIP""",0,0.0000001\n')
})

t.test('encodeRow custom order', async (t) => {
  const row = { intervalStart: 900, queue: 'Q', offered: 3, aht: -0 }

  const line = encodeRow(row, 'src "x"', ['queue', 'aht', 'offered', 'sourceId', 'intervalStart'])

  t.equal(line, 'Q,0,3,"src ""x""",1970-01-01T00:15:00Z\n')
})

t.test('row encoder reuse matches fresh', async () => {
  const columns: CsvColumn[] = ['queue', 'aht', 'offered', 'sourceId', 'intervalStart']
  const row = fc.record({
    intervalStart: fc.constantFrom(0, 900, 1800, 1_547_849_700),
    queue: fc.constantFrom('Sales', 'a,b', 'say "hi"', 'Zürich', ''),
    offered: fc.nat(),
    aht: fc.double({ min: 0, max: 1e6, noNaN: true })
  })
  fc.assert(fc.property(fc.array(row, { maxLength: 20 }), fc.boolean(), (rows, customOrder) => {
    const order = customOrder ? columns : [...defaultCsvColumns]
    const encode = createRowEncoder('acd "1"', order)
    for (const each of rows) {
      const expected = encodeRow(each, 'acd "1"', order)
      const actual = encode(each)
      if (actual !== expected) throw new Error(`${JSON.stringify(each)}: ${actual} vs ${expected}`)
    }
  }))
})
