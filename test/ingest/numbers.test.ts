import t from 'tap'
import { parseAht, parseOffered } from '../../src/ingest/numbers.js'

const offeredHint = 'is not a whole number of contacts; write digits only, such as 12, with no sign, decimal separator, exponent or spaces'
const emptyMessage = 'the cell is empty; write 0 for an interval without contacts, or set emptyNumbersAreZero in the profile'

t.test('parseOffered accepted values', async (t) => {
  const cases: Array<[string, number]> = [
    ['0', 0], ['12', 12], ['007', 7], ['9007199254740991', Number.MAX_SAFE_INTEGER]
  ]
  for (const [text, value] of cases) {
    t.strictSame(parseOffered(text), { ok: true, value }, text)
  }
})

t.test('parseOffered rejected values', async (t) => {
  for (const text of ['12.5', '1e3', '+1', '0x10', '-1', '-0', '12 ', '1,000', '١٢', 'twelve']) {
    t.strictSame(parseOffered(text), { ok: false, message: `${JSON.stringify(text)} ${offeredHint}` }, text)
  }
  t.strictSame(parseOffered('9007199254740992'), {
    ok: false,
    message: '"9007199254740992" is larger than 9007199254740991, the maximum count of contacts'
  })
  t.strictSame(parseOffered(''), { ok: false, message: emptyMessage })
})

t.test('parseOffered empty as zero', async (t) => {
  t.strictSame(parseOffered('', { emptyNumbersAreZero: true }), { ok: true, value: 0 })
})

t.test('parseAht with decimal point', async (t) => {
  const cases: Array<[string, number]> = [
    ['245', 245], ['245.5', 245.5], ['.5', 0.5], ['0', 0], ['0.000', 0], ['00012.250', 12.25]
  ]
  for (const [text, value] of cases) {
    t.strictSame(parseAht(text), { ok: true, value }, text)
  }
  t.strictSame(parseAht('245,5'), {
    ok: false,
    message: '"245,5" uses "," as the decimal separator; write "245.5" or set decimalComma in the profile if the export uses decimal commas'
  })
  const hint = 'is not an AHT in seconds; write a number >= 0 in plain decimal, such as 245 or 245.5, with no sign, exponent, group separator or spaces'
  for (const text of ['245.', '-1', '+1', '1e3', 'NaN', 'Infinity', '1,234.5', '0x10', ' 245']) {
    t.strictSame(parseAht(text), { ok: false, message: `${JSON.stringify(text)} ${hint}` }, text)
  }
  t.strictSame(parseAht('9'.repeat(400)), {
    ok: false,
    message: `${JSON.stringify('9'.repeat(80) + '…')} is too large to be an AHT in seconds`
  })
  t.strictSame(parseAht(''), { ok: false, message: emptyMessage })
})

t.test('parseAht with decimal comma', async (t) => {
  const options = { decimalComma: true }
  t.strictSame(parseAht('245,5', options), { ok: true, value: 245.5 })
  t.strictSame(parseAht(',5', options), { ok: true, value: 0.5 })
  t.strictSame(parseAht('245', options), { ok: true, value: 245 })
  t.strictSame(parseAht('245.5', options), {
    ok: false,
    message: '"245.5" uses "." as the decimal separator; write "245,5" because the profile sets decimalComma'
  })
  t.strictSame(parseAht('1.234,5', options), {
    ok: false,
    message: '"1.234,5" is not an AHT in seconds; write a number >= 0 in plain decimal, such as 245 or 245,5, with no sign, exponent, group separator or spaces'
  })
  t.strictSame(parseAht('', { decimalComma: true, emptyNumbersAreZero: true }), { ok: true, value: 0 })
})

t.test('parseAht rejects digits a double would round', async (t) => {
  t.strictSame(parseAht('12345678901234567890.5'), {
    ok: false,
    message: '"12345678901234567890.5" has more than 15 significant digits, so the WFM would receive a rounded value; round it to fewer digits'
  })
  t.strictSame(parseAht('245.123456789012'), { ok: true, value: 245.123456789012 })
  t.strictSame(parseAht('1000000000000000000'), { ok: true, value: 1e18 })
  t.strictSame(parseAht('0.000000000000001'), { ok: true, value: 1e-15 })
})
