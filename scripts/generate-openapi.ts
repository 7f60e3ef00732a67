// `npm run openapi`: writes openapi/openapi.yaml from the route schemas. A test fails when the
// committed file differs from what this generates, so run it after changing a route.

import { writeFile } from 'node:fs/promises'
import { generateOpenApiYaml } from './lib/openapi-document.js'

const outputPath = process.argv[2] ?? 'openapi/openapi.yaml'

generateOpenApiYaml().then(async (yaml) => {
  await writeFile(outputPath, yaml)
  console.log(`wrote ${outputPath}`)
}, (error: unknown) => {
  console.error(`cannot generate the OpenAPI document: ${(error as Error).stack ?? String(error)}`)
  process.exitCode = 1
})
