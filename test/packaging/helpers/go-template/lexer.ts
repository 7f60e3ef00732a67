// Splits a Go text/template into text and actions, and an action into tokens. Trim markers
// (`{{- ` and ` -}}`) are applied here, as Go's lexer does: they remove all adjacent white space
// (spaces, tabs, line breaks) of the neighbouring text.

export type Piece =
  | { kind: 'text', text: string }
  | { kind: 'action', source: string, line: number }

export type Token =
  | { kind: 'string', value: string }
  | { kind: 'number', value: number, integer: boolean }
  | { kind: 'bool', value: boolean }
  | { kind: 'nil' }
  | { kind: 'field', names: string[] }
  | { kind: 'variable', name: string, names: string[] }
  | { kind: 'identifier', name: string }
  | { kind: 'punctuation', value: '(' | ')' | '|' | ':=' | '=' | ',' }

export function splitTemplate (template: string): Piece[] {
  const pieces: Piece[] = []
  let position = 0
  let trimNext = false
  while (position < template.length) {
    const open = template.indexOf('{{', position)
    let text = template.slice(position, open === -1 ? undefined : open)
    if (trimNext) text = text.replace(/^\s+/, '')
    if (open === -1) {
      pieces.push({ kind: 'text', text })
      break
    }

    const trimLeft = /^{{-\s/.test(template.slice(open, open + 4))
    if (trimLeft) text = text.replace(/\s+$/, '')
    pieces.push({ kind: 'text', text })

    const contentStart = open + (trimLeft ? 3 : 2)
    const close = findActionEnd(template, contentStart)
    const trimRight = /\s-$/.test(template.slice(contentStart, close))
    const source = template.slice(contentStart, trimRight ? close - 1 : close).trim()
    const line = template.slice(0, open).split('\n').length
    if (!(source.startsWith('/*') && source.endsWith('*/'))) pieces.push({ kind: 'action', source, line })
    trimNext = trimRight
    position = close + 2
  }
  return pieces.filter((piece) => piece.kind !== 'text' || piece.text !== '')
}

/** Finds the `}}` that closes an action, skipping quoted strings and comments. */
function findActionEnd (template: string, start: number): number {
  let index = start
  while (index < template.length) {
    const character = template.charAt(index)
    if (template.startsWith('/*', index)) {
      const end = template.indexOf('*/', index + 2)
      if (end === -1) break
      index = end + 2
    } else if (character === '"' || character === '`') {
      index = skipQuoted(template, index)
    } else if (template.startsWith('}}', index)) {
      return index
    } else {
      index++
    }
  }
  throw new Error(`unclosed action starting at offset ${start}`)
}

function skipQuoted (text: string, start: number): number {
  const quote = text.charAt(start)
  let index = start + 1
  while (index < text.length && text.charAt(index) !== quote) {
    index += quote === '"' && text.charAt(index) === '\\' ? 2 : 1
  }
  return index + 1
}

export function tokenizeAction (source: string): Token[] {
  const tokens: Token[] = []
  let index = 0
  while (index < source.length) {
    const rest = source.slice(index)
    const space = /^\s+/.exec(rest)
    if (space !== null) {
      index += space[0].length
      continue
    }
    const [token, length] = readToken(rest)
    tokens.push(token)
    index += length
  }
  return tokens
}

function readToken (rest: string): [Token, number] {
  if (rest.startsWith(':=')) return [{ kind: 'punctuation', value: ':=' }, 2]
  const character = rest.charAt(0)
  if ('()|=,'.includes(character)) {
    return [{ kind: 'punctuation', value: character as '(' | ')' | '|' | '=' | ',' }, 1]
  }
  if (character === '"' || character === '`') {
    const length = skipQuoted(rest, 0)
    const raw = rest.slice(0, length)
    // Go's interpreted string literals escape like JSON for everything these templates use.
    const value = character === '"' ? JSON.parse(raw) as string : raw.slice(1, -1)
    return [{ kind: 'string', value }, length]
  }

  const number = /^-?\d+(\.\d+)?/.exec(rest)
  if (number !== null) {
    return [{ kind: 'number', value: Number(number[0]), integer: number[1] === undefined }, number[0].length]
  }
  const variable = /^\$([A-Za-z_]\w*)?((?:\.[A-Za-z_]\w*)*)/.exec(rest)
  if (variable !== null) {
    return [{ kind: 'variable', name: `$${variable[1] ?? ''}`, names: fieldNames(variable[2]) }, variable[0].length]
  }
  const field = /^(?:\.[A-Za-z_]\w*)+|^\./.exec(rest)
  if (field !== null) return [{ kind: 'field', names: fieldNames(field[0]) }, field[0].length]

  const word = /^[A-Za-z_]\w*/.exec(rest)
  if (word === null) throw new Error(`unexpected character "${character}" in action "${rest}"`)
  const name = word[0]
  if (name === 'true' || name === 'false') return [{ kind: 'bool', value: name === 'true' }, name.length]
  if (name === 'nil') return [{ kind: 'nil' }, name.length]
  return [{ kind: 'identifier', name }, name.length]
}

function fieldNames (chain: string | undefined): string[] {
  return (chain ?? '').split('.').filter((name) => name !== '')
}
