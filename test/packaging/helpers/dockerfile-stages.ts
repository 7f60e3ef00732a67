// Reads a Dockerfile into its build stages with the dockerfile-ast parser (the parser of the
// Dockerfile language server). Only the instructions that wfm-relay's Dockerfile uses are
// accepted. Any other instruction or flag throws, so a Dockerfile change that the packaging
// test cannot repeat fails the test instead of being skipped.

import { Copy, DockerfileParser, Env, From, JSONInstruction, type Instruction } from 'dockerfile-ast'

export type StageStep =
  | { kind: 'workdir', path: string }
  | { kind: 'copy', sources: string[], destination: string, fromStage?: string }
  | { kind: 'run', command: string, words: string[] }
  | { kind: 'env', variables: Array<[name: string, value: string]> }
  | { kind: 'user', user: string }
  | { kind: 'expose', ports: string[] }
  | { kind: 'cmd' | 'entrypoint', argv: string[], execForm: boolean }

export interface DockerStage {
  name: string
  baseImage: string
  steps: StageStep[]
}

export function parseDockerfileStages (text: string): DockerStage[] {
  const stages: DockerStage[] = []
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction instanceof From) {
      stages.push(readFrom(instruction, stages.length))
      continue
    }
    const stage = stages.at(-1)
    if (stage === undefined) {
      throw new Error(`Dockerfile: ${instruction.getKeyword()} before the first FROM is not supported`)
    }
    stage.steps.push(readStep(instruction))
  }
  return stages
}

function readFrom (instruction: From, index: number): DockerStage {
  const words = instruction.getArguments().map((argument) => argument.getValue())
  const [baseImage, as, name] = words
  if (baseImage === undefined || instruction.getFlags().length > 0) {
    throw new Error(`Dockerfile: unsupported FROM ${words.join(' ')}`)
  }
  if (as !== undefined && (as.toUpperCase() !== 'AS' || name === undefined || words.length > 3)) {
    throw new Error(`Dockerfile: unsupported FROM ${words.join(' ')}`)
  }
  return { name: name ?? String(index), baseImage, steps: [] }
}

function readStep (instruction: Instruction): StageStep {
  const keyword = instruction.getKeyword()
  const words = instruction.getArguments().map((argument) => argument.getValue())
  switch (keyword) {
    case 'WORKDIR':
      return { kind: 'workdir', path: single(keyword, words) }
    case 'COPY':
      return readCopy(instruction as Copy, words)
    case 'RUN':
      return readRun(instruction as JSONInstruction, words)
    case 'ENV':
      return readEnv(instruction as Env)
    case 'USER':
      return { kind: 'user', user: single(keyword, words) }
    case 'EXPOSE':
      return { kind: 'expose', ports: words }
    case 'CMD':
    case 'ENTRYPOINT':
      return readCommand(keyword, instruction as JSONInstruction, words)
    default:
      throw new Error(`Dockerfile: ${keyword} is not supported by the packaging test`)
  }
}

function readCopy (instruction: Copy, words: string[]): StageStep {
  for (const flag of instruction.getFlags()) {
    if (flag.getName() !== 'from') {
      throw new Error(`Dockerfile: COPY --${flag.getName()} is not supported by the packaging test`)
    }
  }
  if (instruction.getOpeningBracket() !== null || words.length < 2) {
    throw new Error(`Dockerfile: COPY ${words.join(' ')} must be in shell form with a destination`)
  }
  const fromStage = instruction.getFromFlag()?.getValue() ?? undefined
  return { kind: 'copy', sources: words.slice(0, -1), destination: words.at(-1) ?? '', fromStage }
}

function readRun (instruction: JSONInstruction, words: string[]): StageStep {
  if (instruction.getFlags().length > 0 || instruction.getOpeningBracket() !== null) {
    throw new Error('Dockerfile: RUN must be in shell form without flags')
  }
  return { kind: 'run', command: words.join(' '), words }
}

function readEnv (instruction: Env): StageStep {
  const variables = instruction.getProperties().map((property): [string, string] => {
    return [property.getName(), property.getUnescapedValue() ?? '']
  })
  return { kind: 'env', variables }
}

function readCommand (keyword: 'CMD' | 'ENTRYPOINT', instruction: JSONInstruction, words: string[]): StageStep {
  const execForm = instruction.getOpeningBracket() !== null
  const argv = execForm ? instruction.getJSONStrings().map((entry) => entry.getJSONValue()) : words
  return { kind: keyword === 'CMD' ? 'cmd' : 'entrypoint', argv, execForm }
}

function single (keyword: string, words: string[]): string {
  const [word] = words
  if (word === undefined || words.length !== 1) {
    throw new Error(`Dockerfile: ${keyword} takes one argument, got "${words.join(' ')}"`)
  }
  return word
}
