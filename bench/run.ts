// `npm run bench`: measures the relay against a local WFM sink and against two ways of loading
// without it, then prints one table (stdout) and progress lines (stderr). See bench/lib/options.ts
// for the options, or run it with --help.

import { writeFile } from 'node:fs/promises'
import { parseCommandLine, usage } from './lib/options.js'
import { formatReport, reportJson } from './lib/report-table.js'
import { runBench, selectScenarios } from './lib/runner.js'

async function main (): Promise<void> {
  let options
  try {
    options = parseCommandLine(process.argv.slice(2))
    selectScenarios(options.only)
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage()}`)
    process.exitCode = 2
    return
  }
  if (options.help) {
    console.log(usage())
    return
  }

  const report = await runBench({ ...options, onProgress: (line) => { console.error(`bench: ${line}`) } })
  process.stdout.write(formatReport(report))
  if (options.jsonPath !== undefined) {
    await writeFile(options.jsonPath, reportJson(report))
    console.error(`bench: wrote ${options.jsonPath}`)
  }
}

main().catch((error: unknown) => {
  console.error('bench failed:', error)
  process.exit(1)
})
