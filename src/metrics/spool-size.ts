// Sums the sizes of the files under the spool directory, for the spool bytes gauge.

import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

export async function directoryBytes (dir: string): Promise<number> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }

  let total = 0
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      total += await directoryBytes(path)
    } else if (entry.isFile()) {
      // A file removed between readdir and stat has simply left the spool.
      total += await stat(path).then((stats) => stats.size, () => 0)
    }
  }
  return total
}
