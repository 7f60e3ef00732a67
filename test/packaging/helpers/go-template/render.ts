// Executes parsed Go templates. Variables are scoped to the block that declares them, `$` is
// the data a template was called with, maps are ranged over in sorted key order, and `and` /
// `or` evaluate their arguments lazily, as in Go 1.18 and later.

import { templateFunctions, type TemplateFunction } from './functions.js'
import { parseTemplate, type Command, type Operand, type Pipeline, type TemplateNode } from './parser.js'
import { formatValue, isDict, isTrue, readField } from './values.js'

type Scope = Array<Map<string, unknown>>

export class TemplateSet {
  readonly #templates = new Map<string, TemplateNode[]>()
  readonly #functions: Record<string, TemplateFunction>

  constructor () {
    this.#functions = templateFunctions({ include: (name, data) => this.execute(name, data) })
  }

  /** Parses a file; its defines become templates too, and the file is a template by its name. */
  add (name: string, source: string): void {
    const parsed = parseTemplate(name, source)
    this.#templates.set(name, parsed.body)
    for (const [defineName, body] of parsed.defines) this.#templates.set(defineName, body)
  }

  execute (name: string, data: unknown): string {
    const body = this.#templates.get(name)
    if (body === undefined) throw new Error(`no template named "${name}"`)
    return this.#run(body, data, [new Map([['$', data]])])
  }

  #run (nodes: TemplateNode[], dot: unknown, scope: Scope): string {
    let output = ''
    for (const node of nodes) output += this.#runNode(node, dot, scope)
    return output
  }

  #runNode (node: TemplateNode, dot: unknown, scope: Scope): string {
    switch (node.kind) {
      case 'text':
        return node.text
      case 'output': {
        const value = this.#pipeline(node.pipeline, dot, scope)
        return node.pipeline.declarations.length > 0 ? '' : formatValue(value)
      }
      case 'if':
        for (const branch of node.branches) {
          const inner = [...scope, new Map<string, unknown>()]
          if (isTrue(this.#pipeline(branch.condition, dot, inner))) return this.#run(branch.body, dot, inner)
        }
        return this.#run(node.otherwise, dot, [...scope, new Map()])
      case 'with': {
        const inner = [...scope, new Map<string, unknown>()]
        const value = this.#pipeline(node.pipeline, dot, inner)
        return isTrue(value) ? this.#run(node.body, value, inner) : this.#run(node.otherwise, dot, inner)
      }
      case 'range':
        return this.#range(node.pipeline, node.body, node.otherwise, dot, scope)
    }
  }

  #range (pipeline: Pipeline, body: TemplateNode[], otherwise: TemplateNode[], dot: unknown, scope: Scope): string {
    // The declared variables take each key and element, not the pipeline's value.
    const value = this.#pipeline({ ...pipeline, declarations: [] }, dot, scope)
    const entries = rangeEntries(value)
    if (entries.length === 0) return this.#run(otherwise, dot, [...scope, new Map()])

    let output = ''
    for (const [key, element] of entries) {
      const variables = new Map<string, unknown>()
      const [first, second] = pipeline.declarations
      if (second !== undefined && first !== undefined) {
        variables.set(first, key)
        variables.set(second, element)
      } else if (first !== undefined) {
        variables.set(first, element)
      }
      output += this.#run(body, element, [...scope, variables])
    }
    return output
  }

  #pipeline (pipeline: Pipeline, dot: unknown, scope: Scope): unknown {
    let value: unknown
    let piped = false
    for (const command of pipeline.commands) {
      value = this.#command(command, dot, scope, piped ? [value] : [])
      piped = true
    }
    const [name, extra] = pipeline.declarations
    if (extra !== undefined) throw new Error(`${pipeline.source}: only range declares two variables`)
    if (name !== undefined) scope[scope.length - 1]?.set(name, value)
    return value
  }

  #command (command: Command, dot: unknown, scope: Scope, piped: unknown[]): unknown {
    const [head, ...rest] = command.operands
    if (head === undefined) throw new Error('empty command')
    if (head.kind !== 'function') {
      if (rest.length > 0 || piped.length > 0) throw new Error('a value cannot take arguments')
      return this.#operand(head, dot, scope)
    }

    const lazy = rest.map((operand) => () => this.#operand(operand, dot, scope))
    const pipedThunks = piped.map((value) => () => value)
    const thunks = [...lazy, ...pipedThunks]
    if (head.name === 'and') return lazyLogic(thunks, false)
    if (head.name === 'or') return lazyLogic(thunks, true)

    const fn = this.#functions[head.name]
    if (fn === undefined) throw new Error(`function "${head.name}" is not supported by this emulation`)
    return fn(...thunks.map((thunk) => thunk()))
  }

  #operand (operand: Operand, dot: unknown, scope: Scope): unknown {
    switch (operand.kind) {
      case 'literal':
        return operand.value
      case 'field':
        return operand.names.reduce(readField, dot)
      case 'variable':
        return operand.names.reduce(readField, lookup(scope, operand.name))
      case 'pipeline':
        return this.#pipeline(operand.pipeline, dot, scope)
      case 'function':
        return this.#command({ operands: [operand] }, dot, scope, [])
    }
  }
}

/** Returns the first false (and) or true (or) value, or the last one, evaluating no further. */
function lazyLogic (thunks: Array<() => unknown>, stopWhen: boolean): unknown {
  let value: unknown
  for (const thunk of thunks) {
    value = thunk()
    if (isTrue(value) === stopWhen) return value
  }
  return value
}

function lookup (scope: Scope, name: string): unknown {
  for (let index = scope.length - 1; index >= 0; index--) {
    const frame = scope[index]
    if (frame?.has(name) === true) return frame.get(name)
  }
  throw new Error(`undefined variable "${name}"`)
}

function rangeEntries (value: unknown): Array<[unknown, unknown]> {
  if (value === null || value === undefined) return []
  if (Array.isArray(value)) return value.map((element, index) => [BigInt(index), element])
  if (isDict(value)) return Object.keys(value).sort().map((key) => [key, value[key]])
  throw new Error(`range can't iterate over ${formatValue(value)}`)
}
