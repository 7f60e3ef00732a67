// Repeats the steps of Dockerfile stages in plain folders, for a machine without a Docker engine.
// Each stage gets its own folder that stands for the image's root directory, starting empty: the
// base image's files are not there, and Node and npm come from this machine instead. COPY
// honours .dockerignore, npm RUN steps run in the stage's WORKDIR, and every other RUN step is
// only recorded, because it changes the base image (removing npm, for example), which would
// mean changing this machine.

import { spawn } from 'node:child_process'
import { cp, mkdir, readdir, stat } from 'node:fs/promises'
import { dirname, join, posix } from 'node:path'
import type { DockerStage, StageStep } from './dockerfile-stages.js'
import { isExcluded, type IgnorePattern } from './dockerignore.js'

export interface EmulatedStage {
  name: string
  /** Host folder that stands for the stage's `/`. */
  rootDir: string
  /** WORKDIR at the end of the stage, as a path inside the image. */
  workdir: string
  env: Record<string, string>
  user?: string
  exposedPorts: string[]
  cmd?: { argv: string[], execForm: boolean }
  entrypoint?: { argv: string[], execForm: boolean }
  /** RUN steps that were not repeated, in order. */
  skippedRuns: string[]
}

export interface EmulatorOptions {
  contextDir: string
  outputDir: string
  ignore: readonly IgnorePattern[]
  /** Environment for npm RUN steps, before the stage's ENV is added. */
  npmEnv: Record<string, string>
}

/**
 * Runs the stages and returns each stage's result by name. Like BuildKit, it runs stages that
 * do not copy from each other at the same time, so a stage waits only for the stages it copies from.
 */
export async function emulateStages (stages: readonly DockerStage[], options: EmulatorOptions): Promise<Map<string, EmulatedStage>> {
  const running = new Map<string, Promise<EmulatedStage>>()
  for (const stage of stages) {
    if (running.has(stage.baseImage)) {
      throw new Error(`stage ${stage.name}: FROM another stage is not supported by the emulator`)
    }
    const sources = stage.steps.flatMap((step) => step.kind === 'copy' && step.fromStage !== undefined ? [step.fromStage] : [])
    const waitFor = sources.map((name) => {
      const source = running.get(name)
      if (source === undefined) throw new Error(`COPY --from=${name}: no earlier stage has that name`)
      return source
    })
    running.set(stage.name, Promise.all(waitFor).then(async (done) => await runStage(stage, done, options)))
  }

  // Promise.all handles every rejection, so a failing stage cannot become an unhandled one.
  const finished = await Promise.all(running.values())
  return new Map(finished.map((result) => [result.name, result]))
}

async function runStage (stage: DockerStage, sources: EmulatedStage[], options: EmulatorOptions): Promise<EmulatedStage> {
  const result: EmulatedStage = {
    name: stage.name,
    rootDir: join(options.outputDir, stage.name),
    workdir: '/',
    env: {},
    exposedPorts: [],
    skippedRuns: []
  }
  const done = new Map(sources.map((source) => [source.name, source]))
  await mkdir(result.rootDir, { recursive: true })
  for (const step of stage.steps) await applyStep(step, result, done, options)
  return result
}

/** Maps a path inside the image to the host folder that stands for it. */
export function hostPath (stage: EmulatedStage, imagePath: string): string {
  return join(stage.rootDir, posix.resolve(stage.workdir, imagePath))
}

async function applyStep (step: StageStep, stage: EmulatedStage, done: Map<string, EmulatedStage>, options: EmulatorOptions): Promise<void> {
  switch (step.kind) {
    case 'workdir':
      stage.workdir = posix.resolve(stage.workdir, step.path)
      await mkdir(hostPath(stage, '.'), { recursive: true })
      return
    case 'copy':
      return await copyStep(step, stage, done, options)
    case 'run':
      if (isPlainNpmCommand(step.words)) {
        await runNpm(step.words.slice(1), hostPath(stage, '.'), { ...options.npmEnv, ...stage.env })
      } else {
        stage.skippedRuns.push(step.command)
      }
      return
    case 'env':
      for (const [name, value] of step.variables) stage.env[name] = value
      return
    case 'user':
      stage.user = step.user
      return
    case 'expose':
      stage.exposedPorts.push(...step.ports)
      return
    case 'cmd':
    case 'entrypoint':
      stage[step.kind] = { argv: step.argv, execForm: step.execForm }
  }
}

/** Accepts `npm` with plain arguments only, so no shell is needed to repeat the step. */
function isPlainNpmCommand (words: readonly string[]): boolean {
  return words[0] === 'npm' && words.every((word) => /^[A-Za-z0-9=._:/@-]+$/.test(word))
}

async function copyStep (step: Extract<StageStep, { kind: 'copy' }>, stage: EmulatedStage, done: Map<string, EmulatedStage>, options: EmulatorOptions): Promise<void> {
  const intoDirectory = step.destination.endsWith('/') || step.sources.length > 1
  const destination = hostPath(stage, step.destination)
  for (const source of step.sources) {
    if (/[*?[]/.test(source)) throw new Error(`COPY ${source}: wildcards are not supported by the emulator`)

    let from: string
    if (step.fromStage !== undefined) {
      const sourceStage = done.get(step.fromStage)
      if (sourceStage === undefined) throw new Error(`COPY --from=${step.fromStage}: no earlier stage has that name`)
      from = join(sourceStage.rootDir, posix.resolve('/', source))
    } else {
      from = join(options.contextDir, posix.normalize(source))
    }

    const isDirectory = (await stat(from)).isDirectory()
    const target = intoDirectory && !isDirectory ? join(destination, posix.basename(source)) : destination
    if (step.fromStage !== undefined) {
      await cp(from, target, { recursive: true, verbatimSymlinks: true })
    } else if (await copyFromContext(posix.normalize(source), target, options) === 0) {
      // Docker fails the same way, because the excluded path is not in the build context.
      throw new Error(`COPY ${source}: no file of it is in the build context; check .dockerignore`)
    }
  }
}

/** Copies a context file or folder, leaving out what .dockerignore excludes; returns the file count. */
async function copyFromContext (relativePath: string, target: string, options: EmulatorOptions): Promise<number> {
  const from = join(options.contextDir, relativePath)
  if ((await stat(from)).isDirectory()) {
    let count = 0
    for (const entry of await readdir(from)) {
      count += await copyFromContext(posix.join(relativePath, entry), join(target, entry), options)
    }
    return count
  }
  if (isExcluded(relativePath, options.ignore)) return 0
  await mkdir(dirname(target), { recursive: true })
  await cp(from, target)
  return 1
}

async function runNpm (args: string[], cwd: string, env: Record<string, string>): Promise<void> {
  const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (data: Buffer) => { output += data.toString('utf8') })
  child.stderr.on('data', (data: Buffer) => { output += data.toString('utf8') })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  if (code !== 0) throw new Error(`npm ${args.join(' ')} in ${cwd} exited with ${String(code)}:\n${output}`)
}
