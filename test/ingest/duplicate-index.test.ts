import t from 'tap'
import { IntervalIndex } from '../../src/ingest/duplicate-index.js'

t.test('IntervalIndex claims free slots once', async (t) => {
  const index = new IntervalIndex(900)
  t.equal(index.claim('Sales', 1547849700, 7), 0)
  t.equal(index.claim('Sales', 1547849700, 12), 7, 'the second claim returns the first key')
  t.equal(index.keyAt('Sales', 1547849700), 7)
  t.equal(index.claim('Support', 1547849700, 13), 0, 'another queue has its own slots')
  t.equal(index.keyAt('Sales', 1547850600), 0)
  t.equal(index.keyAt('Unknown', 1547849700), 0)
  t.equal(index.queueCount, 2)
  t.strictSame([...index.queueNames()], ['Sales', 'Support'])
})

t.test('IntervalIndex keeps the range per queue', async (t) => {
  const index = new IntervalIndex(1800)
  index.claim('Sales', 1_800_000, 1)
  index.claim('Sales', 0, 2)
  index.claim('Sales', 253_402_299_400 - (253_402_299_400 % 1800), 3)
  t.strictSame(index.rangeOf('Sales'), { first: 0, last: 253_402_299_400 - (253_402_299_400 % 1800) })
  t.equal(index.rangeOf('Other'), undefined)
  t.equal(index.keyAt('Sales', 0), 2)
})

t.test('IntervalIndex across block edges', async (t) => {
  const index = new IntervalIndex(900)
  const starts = [1023, 1024, 1025, 2047, 2048].map((slot) => slot * 900)
  starts.forEach((start, position) => t.equal(index.claim('Sales', start, position + 1), 0))
  starts.forEach((start, position) => t.equal(index.keyAt('Sales', start), position + 1))
  t.equal(index.keyAt('Sales', 1022 * 900), 0)
})

t.test('IntervalIndex rejects bad input', async (t) => {
  const index = new IntervalIndex(900)
  t.throws(() => index.claim('Sales', 100, 1), { message: 'interval start 100 is not a multiple of 900' })
  t.throws(() => index.claim('Sales', 900, 0), { message: 'slot key 0 is outside 1 to 4294967295' })
  t.throws(() => index.claim('Sales', 900, 2 ** 32), { message: 'slot key 4294967296 is outside 1 to 4294967295' })
})
