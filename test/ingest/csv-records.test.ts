// The CSV record parser against fixed cases and, for random text, against csv-parse 7 with the
// options the relay used before it had its own parser.
import { CsvError } from 'csv-parse'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import t from 'tap'
import { CsvRecordParser, CsvSyntaxError, type CsvSyntaxProblem } from '../../src/ingest/csv-records.js'

interface Parsed {
  records: Array<{ fields: string[], line: number }>
  problem?: CsvSyntaxProblem
  problemLine?: number
}

/** Parses `text` given in the pieces that `cuts` make. */
function parseInPieces (text: string, cuts: number[] = [], maxRecordLength = 1_000_000): Parsed {
  const parser = new CsvRecordParser(',', maxRecordLength)
  const records: Parsed['records'] = []
  const collect = (fields: string[], line: number): void => { records.push({ fields, line }) }
  const positions = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b)
  try {
    let start = 0
    for (const position of positions) {
      parser.write(text.slice(start, position), collect)
      start = position
    }
    parser.write(text.slice(start), collect)
    parser.end(collect)
    return { records }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error
    return { records, problem: error.problem, problemLine: error.line }
  }
}

const csvParseProblems: Record<string, CsvSyntaxProblem> = {
  CSV_QUOTE_NOT_CLOSED: 'quote-not-closed',
  CSV_INVALID_CLOSING_QUOTE: 'invalid-closing-quote',
  INVALID_OPENING_QUOTE: 'invalid-opening-quote',
  CSV_MAX_RECORD_SIZE: 'record-too-large'
}

/**
 * csv-parse returns an empty line as a record of one empty field and the relay's parser skips
 * it, so records of one empty field (a `""` line too) are left out on both sides.
 */
function hasContent (fields: string[]): boolean {
  return fields.length !== 1 || fields[0] !== ''
}

/** Parses the text with csv-parse and returns every record, or the problem. */
function parseWithCsvParse (text: string): { records?: string[][], problem?: CsvSyntaxProblem } {
  try {
    const records = parse(text, { record_delimiter: ['\r\n', '\n'], relax_column_count: true }) as string[][]
    return { records: records.filter(hasContent) }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    return { problem: csvParseProblems[error.code] ?? 'invalid-closing-quote' }
  }
}

t.test('csv records plain and quoted fields', async (t) => {
  const parsed = parseInPieces('a,b\r\n"x,""y""",\n\nlast,"multi\nline"\nc\rd')
  t.same(parsed.records, [
    { fields: ['a', 'b'], line: 1 },
    { fields: ['x,"y"', ''], line: 2 },
    { fields: ['last', 'multi\nline'], line: 4 },
    { fields: ['c\rd'], line: 6 }
  ])
  t.equal(parsed.problem, undefined)
})

t.test('csv records syntax errors', async (t) => {
  const cases: Array<[string, CsvSyntaxProblem, number]> = [
    ['a\n"open\nstill open', 'quote-not-closed', 2],
    ['a\n"closed"x,b\n', 'invalid-closing-quote', 2],
    ['a\nb\nva"lue\n', 'invalid-opening-quote', 3],
    ['a\n "quoted"\n', 'invalid-opening-quote', 2],
    ['a\n"x"\r', 'invalid-closing-quote', 2]
  ]
  for (const [text, problem, line] of cases) {
    const parsed = parseInPieces(text)
    t.equal(parsed.problem, problem, `${JSON.stringify(text)} problem`)
    t.equal(parsed.problemLine, line, `${JSON.stringify(text)} line`)
  }
})

t.test('csv records record limit', async (t) => {
  t.equal(parseInPieces('abcd,efgh\n', [], 8).problem, undefined)
  t.equal(parseInPieces('abcd,efghi\n', [], 8).problem, 'record-too-large')
  // The limit counts UTF-8 bytes: 6 characters of é are 12 bytes.
  t.equal(parseInPieces('éééééé\n', [], 12).problem, undefined)
  t.equal(parseInPieces('"éé\néééé"\n', [], 11).problem, 'record-too-large')
  // A closing quote at the end of a piece is not content: this record has exactly 8 bytes.
  t.equal(parseInPieces('ab,"cd\nefg"', [11], 8).problem, undefined)
  t.same(parseInPieces('ab,"cd\nefg"', [11], 8).records, [{ fields: ['ab', 'cd\nefg'], line: 1 }])
  // An unclosed quote stops growing the kept text long before the end of the input.
  const unclosed = parseInPieces('"' + 'x\n'.repeat(100), [10, 20, 30, 40, 50, 60], 16)
  t.equal(unclosed.problem, 'record-too-large')
  t.equal(unclosed.problemLine, 1)
})

t.test('csv records match csv-parse', async () => {
  const text = fc.array(fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', 'é'), { maxLength: 40 })
    .map((characters) => characters.join(''))
  fc.assert(fc.property(text, fc.array(fc.nat(), { maxLength: 5 }), (input, cuts) => {
    const ours = parseInPieces(input, cuts)
    const theirs = parseWithCsvParse(input)
    if (theirs.problem !== undefined) {
      if (ours.problem !== theirs.problem) {
        throw new Error(`${JSON.stringify(input)}: csv-parse ${theirs.problem}, ours ${String(ours.problem)}`)
      }
      return
    }
    if (ours.problem !== undefined) {
      throw new Error(`${JSON.stringify(input)}: csv-parse accepts it, ours raises ${ours.problem}`)
    }
    const fields = ours.records.map((record) => record.fields).filter(hasContent)
    if (JSON.stringify(fields) !== JSON.stringify(theirs.records)) {
      throw new Error(`${JSON.stringify(input)}: csv-parse ${JSON.stringify(theirs.records)}, ours ${JSON.stringify(fields)}`)
    }
  }), { numRuns: 20_000 })
})

t.test('csv records lines with cuts', async () => {
  const text = fc.array(fc.constantFrom('a', ',', '"', '\n', '\r\n', '""'), { maxLength: 30 })
    .map((parts) => parts.join(''))
  fc.assert(fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (input, cuts) => {
    const whole = JSON.stringify(parseInPieces(input))
    const pieces = JSON.stringify(parseInPieces(input, cuts))
    if (whole !== pieces) throw new Error(`${JSON.stringify(input)} cut at ${cuts.join(',')}: ${whole} vs ${pieces}`)
  }), { numRuns: 20_000 })
})
