import t from 'tap'
import { normalizeQueue } from '../../src/ingest/queue.js'

t.test('normalizeQueue trims and accepts', async (t) => {
  t.strictSame(normalizeQueue('  Sales '), { ok: true, value: 'Sales' })
  t.strictSame(normalizeQueue('Vertrieb Süd, "Premium"'), { ok: true, value: 'Vertrieb Süd, "Premium"' })
  t.strictSame(normalizeQueue('\u00A0Kasse\u3000'), { ok: true, value: 'Kasse' })
  t.strictSame(normalizeQueue('q'.repeat(255)), { ok: true, value: 'q'.repeat(255) })
  // 255 code points, 510 UTF-16 units.
  t.strictSame(normalizeQueue('😀'.repeat(255)), { ok: true, value: '😀'.repeat(255) })
})

t.test('normalizeQueue rejects empty names', async (t) => {
  const message = 'the queue name is empty; every row needs the ACD queue name'
  t.strictSame(normalizeQueue(''), { ok: false, message })
  t.strictSame(normalizeQueue(' \t '), { ok: false, message })
})

t.test('normalizeQueue rejects control characters', async (t) => {
  const cases: Array<[string, string]> = [
    ['Sa\u0000les', '"Sa\\u0000les" contains the control character U+0000'],
    ['Sa\nles', '"Sa\\nles" contains the control character U+000A'],
    ['Sa\u001Fles', '"Sa\\u001fles" contains the control character U+001F'],
    ['Sa\u007Fles', '"Sa\u007Fles" contains the control character U+007F'],
    ['Sa\u0085les', '"Sa\u0085les" contains the control character U+0085'],
    ['Sa\u009Fles', '"Sa\u009Fles" contains the control character U+009F']
  ]
  for (const [text, fragment] of cases) {
    t.strictSame(normalizeQueue(text), { ok: false, message: `queue name ${fragment}; remove it` }, JSON.stringify(text))
  }
})

t.test('normalizeQueue rejects broken text', async (t) => {
  t.strictSame(normalizeQueue('Sales\uD800'), {
    ok: false,
    message: 'queue name "Sales\\ud800" contains an unpaired UTF-16 surrogate, which is not text; fix the encoding of the source'
  })
  t.strictSame(normalizeQueue('\uDC00Sales'), {
    ok: false,
    message: 'queue name "\\udc00Sales" contains an unpaired UTF-16 surrogate, which is not text; fix the encoding of the source'
  })
  t.strictSame(normalizeQueue('Caf\uFFFD'), {
    ok: false,
    message: 'queue name "Caf\uFFFD" contains U+FFFD, the replacement character left by a wrong decoding; export the file again in UTF-8 or declare its charset'
  })
})

t.test('normalizeQueue rejects long names', async (t) => {
  t.strictSame(normalizeQueue('q'.repeat(256)), {
    ok: false,
    message: `queue name "${'q'.repeat(40)}…" is 256 characters long; the maximum is 255`
  })
})
