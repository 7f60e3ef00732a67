// The Node flags that the container image starts the relay with, read from the Dockerfile at
// run time so that the bench cannot drift from the image. Docker runs the last CMD of the final
// stage, which is the last CMD of the file. The image's ENTRYPOINT is empty, so that CMD is the
// whole command line.

import { readFile } from 'node:fs/promises'
import { DockerfileParser } from 'dockerfile-ast'

/** The relay's entry point in the image's CMD, relative to the image's WORKDIR /app. */
const imageEntry = 'dist/src/server.js'

/** Reads the Dockerfile at `path` and returns the Node flags of its last CMD. */
export async function readImageNodeFlags (path: string): Promise<string[]> {
  return parseImageNodeFlags(await readFile(path, 'utf8'), path)
}

/**
 * Returns the arguments between `node` and dist/src/server.js in the last CMD. Throws when
 * there is no CMD, when it is in shell form (Docker then runs it through `/bin/sh -c`), or when
 * it does not run that entry point with node and nothing after it.
 */
export function parseImageNodeFlags (text: string, source = 'Dockerfile'): string[] {
  const command = DockerfileParser.parse(text).getCMDs().at(-1)
  if (command === undefined) {
    throw new Error(`${source} has no CMD to read the relay's Node flags from: pass --relay-node-flags`)
  }
  if (command.getOpeningBracket() === null || command.getClosingBracket() === null) {
    throw new Error(`${source}: the last CMD is not a JSON array (exec form), so its Node flags ` +
      `cannot be read: write CMD ["node", ..., "${imageEntry}"] or pass --relay-node-flags`)
  }

  const argv = command.getJSONStrings().map((word) => word.getJSONValue())
  const entryIndex = argv.indexOf(imageEntry)
  if (argv[0] !== 'node' || entryIndex !== argv.length - 1) {
    throw new Error(`${source}: the last CMD ${JSON.stringify(argv)} is not of the form ` +
      `["node", ...flags, "${imageEntry}"]: pass --relay-node-flags`)
  }
  return argv.slice(1, entryIndex)
}
