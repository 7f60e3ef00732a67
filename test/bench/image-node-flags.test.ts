import t from 'tap'
import { parseImageNodeFlags } from '../../bench/lib/image-node-flags.js'

const stages = 'FROM node:24-bookworm-slim AS build\nCMD ["node", "build.js"]\nFROM node:24-bookworm-slim\n'

t.test('image node flags of the last CMD', async (t) => {
  const dockerfile = stages +
    'CMD ["node", "--max-old-space-size=512", "dist/src/server.js"]\n' +
    'CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=4", "dist/src/server.js"]\n'
  t.same(parseImageNodeFlags(dockerfile), ['--max-old-space-size=256', '--max-semi-space-size=4'])
})

t.test('image node flags none', async (t) => {
  t.same(parseImageNodeFlags(stages + 'CMD ["node", "dist/src/server.js"]\n'), [])
})

t.test('image node flags rejected commands', async (t) => {
  t.throws(() => parseImageNodeFlags('FROM node:24\nEXPOSE 8080\n', 'test/Dockerfile'), {
    message: 'test/Dockerfile has no CMD to read the relay\'s Node flags from: pass --relay-node-flags'
  })
  t.throws(() => parseImageNodeFlags(stages + 'CMD node --max-old-space-size=256 dist/src/server.js\n'), {
    message: 'Dockerfile: the last CMD is not a JSON array (exec form), so its Node flags cannot be read: ' +
      'write CMD ["node", ..., "dist/src/server.js"] or pass --relay-node-flags'
  })
  const wrong = [
    '["node", "--max-old-space-size=256", "dist/src/other.js"]',
    '["/usr/local/bin/node", "dist/src/server.js"]',
    '["node", "dist/src/server.js", "--port=1"]'
  ]
  for (const argv of wrong) {
    t.throws(() => parseImageNodeFlags(`${stages}CMD ${argv}\n`), {
      message: `Dockerfile: the last CMD ${JSON.stringify(JSON.parse(argv))} is not of the form ` +
        '["node", ...flags, "dist/src/server.js"]: pass --relay-node-flags'
    }, argv)
  }
})
