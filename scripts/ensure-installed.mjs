// Runs `npm ci` when node_modules is missing or older than package-lock.json, so that
// `npm run demo` and `npm test` work on a fresh clone. Plain JavaScript: it runs before any build.

import { execFileSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'

const installedMarker = 'node_modules/.package-lock.json'

function isInstalled () {
  if (!existsSync(installedMarker)) return false
  return statSync(installedMarker).mtimeMs >= statSync('package-lock.json').mtimeMs
}

if (!isInstalled()) {
  console.log('node_modules is missing or out of date: running npm ci')
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' })
}
