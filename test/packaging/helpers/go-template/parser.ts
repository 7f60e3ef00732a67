// Parses Go text/template source into a tree: text, actions with pipelines, and the
// if / else if / else, range, with and define blocks. `template`, `block`, `break`, `continue`
// and assignment to an existing variable (`$x = ...`) are not supported and throw.

import { splitTemplate, tokenizeAction, type Token } from './lexer.js'

export type Operand =
  | { kind: 'literal', value: unknown }
  | { kind: 'field', names: string[] }
  | { kind: 'variable', name: string, names: string[] }
  | { kind: 'pipeline', pipeline: Pipeline }
  | { kind: 'function', name: string }

/** A command is a function call with arguments, or a single operand. */
export interface Command { operands: Operand[] }

export interface Pipeline {
  declarations: string[]
  commands: Command[]
  source: string
}

export type TemplateNode =
  | { kind: 'text', text: string }
  | { kind: 'output', pipeline: Pipeline }
  | { kind: 'if', branches: Array<{ condition: Pipeline, body: TemplateNode[] }>, otherwise: TemplateNode[] }
  | { kind: 'range' | 'with', pipeline: Pipeline, body: TemplateNode[], otherwise: TemplateNode[] }

type BlockNode = Extract<TemplateNode, { kind: 'if' | 'range' | 'with' }>

export interface ParsedTemplate {
  body: TemplateNode[]
  defines: Map<string, TemplateNode[]>
}

interface Frame {
  kind: 'root' | 'if' | 'range' | 'with' | 'define'
  nodes: TemplateNode[]
  node?: BlockNode
  defineName?: string
  inElse: boolean
}

export function parseTemplate (name: string, source: string): ParsedTemplate {
  const defines = new Map<string, TemplateNode[]>()
  const stack: Frame[] = [{ kind: 'root', nodes: [], inElse: false }]
  const current = (): Frame => stack[stack.length - 1] as Frame

  for (const piece of splitTemplate(source)) {
    if (piece.kind === 'text') {
      current().nodes.push({ kind: 'text', text: piece.text })
      continue
    }
    try {
      parseAction(piece.source, stack, defines)
    } catch (error) {
      throw new Error(`${name}:${piece.line}: ${(error as Error).message} in {{ ${piece.source} }}`, { cause: error })
    }
  }
  if (stack.length !== 1) throw new Error(`${name}: unclosed ${current().kind} block`)
  return { body: current().nodes, defines }
}

function parseAction (source: string, stack: Frame[], defines: Map<string, TemplateNode[]>): void {
  const tokens = tokenizeAction(source)
  const [first] = tokens
  const keyword = first?.kind === 'identifier' ? first.name : undefined
  const frame = stack[stack.length - 1] as Frame
  const rest = (): Pipeline => parsePipeline(tokens.slice(1), source)

  switch (keyword) {
    case 'if': {
      const branch = { condition: rest(), body: [] }
      const node: BlockNode = { kind: 'if', branches: [branch], otherwise: [] }
      frame.nodes.push(node)
      stack.push({ kind: keyword, nodes: branch.body, node, inElse: false })
      return
    }
    case 'range':
    case 'with': {
      const node: BlockNode = { kind: keyword, pipeline: rest(), body: [], otherwise: [] }
      frame.nodes.push(node)
      stack.push({ kind: keyword, nodes: node.body, node, inElse: false })
      return
    }
    case 'else':
      return parseElse(tokens, source, frame)
    case 'end':
      if (stack.length === 1) throw new Error('end without a block')
      stack.pop()
      if (frame.kind === 'define' && frame.defineName !== undefined) defines.set(frame.defineName, frame.nodes)
      return
    case 'define': {
      const nameToken = tokens[1]
      if (nameToken?.kind !== 'string' || tokens.length !== 2) throw new Error('define needs one quoted name')
      stack.push({ kind: 'define', nodes: [], defineName: nameToken.value, inElse: false })
      return
    }
    case 'template':
    case 'block':
    case 'break':
    case 'continue':
      throw new Error(`${keyword} is not supported by this emulation`)
    default:
      frame.nodes.push({ kind: 'output', pipeline: parsePipeline(tokens, source) })
  }
}

function parseElse (tokens: Token[], source: string, frame: Frame): void {
  const node = frame.node
  if (node === undefined || frame.inElse) throw new Error('else outside a block, or twice')

  const second = tokens[1]
  if (second?.kind === 'identifier' && second.name === 'if') {
    if (node.kind !== 'if') throw new Error('else if inside range or with')
    const branch = { condition: parsePipeline(tokens.slice(2), source), body: [] }
    node.branches.push(branch)
    frame.nodes = branch.body
    return
  }
  if (tokens.length !== 1) throw new Error('unexpected words after else')
  frame.inElse = true
  frame.nodes = node.otherwise
}

function parsePipeline (tokens: Token[], source: string): Pipeline {
  const declarations: string[] = []
  const assignment = tokens.findIndex((token) => token.kind === 'punctuation' && (token.value === ':=' || token.value === '='))
  let position = 0
  if (assignment !== -1) {
    const operator = tokens[assignment]
    if (operator?.kind === 'punctuation' && operator.value === '=') throw new Error('assignment with = is not supported')
    for (const token of tokens.slice(0, assignment)) {
      if (token.kind === 'variable' && token.names.length === 0) declarations.push(token.name)
      else if (!(token.kind === 'punctuation' && token.value === ',')) throw new Error('invalid variable declaration')
    }
    position = assignment + 1
  }

  const [commands, end] = parseCommands(tokens, position)
  if (end !== tokens.length) throw new Error('unexpected )')
  if (commands.length === 0) throw new Error('empty pipeline')
  return { declarations, commands, source }
}

/** Parses commands separated by `|` from position up to a `)` or the end, and returns the stop index. */
function parseCommands (tokens: Token[], start: number): [Command[], number] {
  const commands: Command[] = []
  let operands: Operand[] = []
  let position = start
  while (position < tokens.length) {
    const token = tokens[position] as Token
    if (token.kind === 'punctuation' && token.value === ')') break
    if (token.kind === 'punctuation' && token.value === '|') {
      if (operands.length === 0) throw new Error('empty command before |')
      commands.push({ operands })
      operands = []
      position++
      continue
    }
    if (token.kind === 'punctuation' && token.value === '(') {
      const [inner, end] = parseCommands(tokens, position + 1)
      if (end >= tokens.length) throw new Error('unclosed (')
      operands.push({ kind: 'pipeline', pipeline: { declarations: [], commands: inner, source: '(...)' } })
      position = end + 1
      continue
    }
    operands.push(toOperand(token))
    position++
  }
  if (operands.length > 0) commands.push({ operands })
  return [commands, position]
}

function toOperand (token: Token): Operand {
  switch (token.kind) {
    case 'string':
    case 'bool':
      return { kind: 'literal', value: token.value }
    case 'number':
      return { kind: 'literal', value: token.integer ? BigInt(token.value) : token.value }
    case 'nil':
      return { kind: 'literal', value: null }
    case 'field':
      return { kind: 'field', names: token.names }
    case 'variable':
      return { kind: 'variable', name: token.name, names: token.names }
    case 'identifier':
      return { kind: 'function', name: token.name }
    case 'punctuation':
      throw new Error(`unexpected ${token.value}`)
  }
}
