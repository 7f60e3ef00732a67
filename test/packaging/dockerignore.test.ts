import t from 'tap'
import { readFileSync } from 'node:fs'
import { isExcluded, parseDockerignore } from './helpers/dockerignore.js'

t.test('dockerignore matcher rules', async (t) => {
  const patterns = parseDockerignore([
    '# comment',
    'node_modules',
    '/dist/',
    '*.log',
    'docs/**/draft?.md',
    '**/secret.txt',
    'keep/*',
    '!keep/this.txt'
  ].join('\n'))

  const cases: Array<[string, boolean]> = [
    ['node_modules', true],
    ['node_modules/fastify/package.json', true],
    ['src/node_modules/x.js', false],
    ['dist/src/server.js', true],
    ['error.log', true],
    ['logs/error.log', false],
    ['docs/draft1.md', true],
    ['docs/a/b/draft2.md', true],
    ['docs/draft10.md', false],
    ['secret.txt', true],
    ['a/b/secret.txt', true],
    ['keep/other.txt', true],
    ['keep/this.txt', false],
    ['package.json', false]
  ]
  for (const [path, expected] of cases) t.equal(isExcluded(path, patterns), expected, path)
})

t.test('dockerignore unsupported syntax throws', async (t) => {
  t.throws(() => parseDockerignore('file[0-9].txt'), /does not support/)
})

t.test('dockerignore of the project', async (t) => {
  const patterns = parseDockerignore(readFileSync('.dockerignore', 'utf8'))
  const cases: Array<[string, boolean]> = [
    ['package.json', false],
    ['package-lock.json', false],
    ['tsconfig.json', false],
    ['src/server.ts', false],
    ['src/config/schema.ts', false],
    ['src/config/schema.test.ts', true],
    ['node_modules/fastify/package.json', true],
    ['dist/src/server.js', true],
    ['sim/start.ts', true],
    ['test/config/examples.test.ts', true],
    ['scripts/demo.ts', true],
    ['data/spool/chunk-0001.csv', true],
    ['.git/config', true],
    ['.env', true],
    ['examples/config.yaml', true],
    ['helm/wfm-relay/values.yaml', true],
    ['Dockerfile', true]
  ]
  for (const [path, expected] of cases) t.equal(isExcluded(path, patterns), expected, path)
})
