// Files of the source tree that the bench reads at run time. `tsc` copies neither the Dockerfile
// nor shell scripts into dist/, so they are looked up from the project root: the nearest folder
// above this module that contains a package.json (two levels up through tsx, three from dist/).

import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function projectRoot (): string {
  const start = dirname(fileURLToPath(import.meta.url))
  let directory = start
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory)
    if (parent === directory) throw new Error(`no package.json found in ${start} or any folder above it`)
    directory = parent
  }
  return directory
}

/** Returns the absolute path of a file given relative to the project root; throws when it is missing. */
export function projectFile (relativePath: string): string {
  const path = join(projectRoot(), relativePath)
  if (!existsSync(path)) throw new Error(`${path} not found: the bench runs from a checkout of the project`)
  return path
}
