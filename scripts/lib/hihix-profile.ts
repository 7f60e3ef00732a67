// Loads the example profile for the Cisco ACD interval export from examples/.

import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export async function loadExampleProfiles (): Promise<Record<string, unknown>> {
  const path = join(projectRoot(), 'examples', 'hihix-profile.yaml')
  const document = parse(await readFile(path, 'utf8')) as { profiles: Record<string, unknown> }
  return document.profiles
}

/** Finds the folder with package.json above this file, whether it runs from scripts/ or dist/. */
function projectRoot (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the project root (package.json)')
    dir = parent
  }
  return dir
}
