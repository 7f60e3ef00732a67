import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { RelayError } from '../../src/errors.js'
import { ChunkSpoolWriter, readChunk, spoolDirectory } from '../../src/wfm/chunk-spool.js'

t.test('spool cut points', async (t) => {
  const dataDir = t.testdir()
  const lines = [
    '2024,q1,1,2\n', // 12 bytes
    'x,y\n', // 4 bytes: the first chunk ends exactly at the limit
    '1234567\n', // 8 bytes
    'é,ü\n', // 6 bytes in UTF-8, 4 UTF-16 units
    'ü\n', // 3 bytes: 17 in UTF-8 would exceed the limit although 16 characters would not
    '123456789012345\n' // 16 bytes: a row exactly at the limit gets a chunk of its own
  ]
  const writer = new ChunkSpoolWriter({
    dir: spoolDirectory(dataDir, 'up-1'),
    maxChunkBytes: 16,
    writeBufferBytes: 5
  })

  for (const line of lines) {
    await writer.write(line)
  }
  const manifest = await writer.finish()

  const dir = join(dataDir, 'spool', 'up-1')
  t.same(manifest, {
    dir,
    chunks: [
      { index: 1, path: join(dir, 'chunk-000001.csv'), bytes: 16, rows: 2 },
      { index: 2, path: join(dir, 'chunk-000002.csv'), bytes: 14, rows: 2 },
      { index: 3, path: join(dir, 'chunk-000003.csv'), bytes: 3, rows: 1 },
      { index: 4, path: join(dir, 'chunk-000004.csv'), bytes: 16, rows: 1 }
    ],
    rows: 6,
    bytes: 49
  })
  t.same(await readdir(dir), ['chunk-000001.csv', 'chunk-000002.csv', 'chunk-000003.csv', 'chunk-000004.csv'])
  t.equal(await readFile(join(dir, 'chunk-000001.csv'), 'utf8'), '2024,q1,1,2\nx,y\n')
  t.equal(await readFile(join(dir, 'chunk-000002.csv'), 'utf8'), '1234567\né,ü\n')
  t.equal(await readFile(join(dir, 'chunk-000003.csv'), 'utf8'), 'ü\n')
  t.equal(await readFile(join(dir, 'chunk-000004.csv'), 'utf8'), '123456789012345\n')
  t.same(await readChunk(join(dir, 'chunk-000002.csv')), Buffer.from('1234567\né,ü\n'))
})

t.test('spool row over limit', async (t) => {
  const dataDir = t.testdir()
  const writer = new ChunkSpoolWriter({ dir: spoolDirectory(dataDir, 'up-2'), maxChunkBytes: 16 })
  await writer.write('ok\n')

  await t.rejects(writer.write('1234567890123456\n'), {
    constructor: RelayError,
    code: 'WFM_RELAY_ROW_TOO_LARGE',
    statusCode: 400,
    message: 'A row of 17 bytes is larger than the chunk limit of 16 bytes (maxChunkBytes); ' +
      'shorten the queue name or raise maxChunkBytes'
  })

  t.equal(existsSync(writer.dir), false, 'the failed spool is removed')
  await t.rejects(writer.write('more\n'), /it is discarded/)
})

t.test('spool rejoins to input', async (t) => {
  const dataDir = t.testdir()
  const maxChunkBytes = 1024
  const lines: string[] = []
  for (let i = 0; i < 2000; i++) {
    lines.push(`2024-01-01T00:00:00Z,acd,Queue ${'é'.repeat(i % 37)} ${i},${i % 13},${i / 7}\n`)
  }
  const writer = new ChunkSpoolWriter({ dir: spoolDirectory(dataDir, 'up-3'), maxChunkBytes })

  for (const line of lines) {
    await writer.write(line)
  }
  const manifest = await writer.finish()

  const parts: Buffer[] = []
  for (const chunk of manifest.chunks) {
    const data = await readChunk(chunk.path)
    t.equal(data.length, chunk.bytes, `chunk ${chunk.index} size`)
    t.ok(data.length <= maxChunkBytes, `chunk ${chunk.index} within the limit`)
    t.equal(data.at(-1), 0x0a, `chunk ${chunk.index} ends with a whole row`)
    t.equal(data.toString().split('\n').length - 1, chunk.rows, `chunk ${chunk.index} rows`)
    parts.push(data)
  }
  t.equal(Buffer.concat(parts).toString(), lines.join(''))
  t.equal(manifest.rows, 2000)
  t.equal(manifest.bytes, Buffer.byteLength(lines.join('')))
  t.same(manifest.chunks.map((chunk) => chunk.index), manifest.chunks.map((_, i) => i + 1))
})

t.test('spool discard', async (t) => {
  const dataDir = t.testdir()
  const writer = new ChunkSpoolWriter({ dir: spoolDirectory(dataDir, 'up-4'), maxChunkBytes: 1024 })
  await writer.write('a,b\n')

  await writer.discard()
  await writer.discard()

  t.equal(existsSync(join(dataDir, 'spool', 'up-4')), false)
  t.same(await readdir(join(dataDir, 'spool')), [])
})

t.test('spool discard after finish', async (t) => {
  const dataDir = t.testdir()
  const writer = new ChunkSpoolWriter({ dir: spoolDirectory(dataDir, 'up-5'), maxChunkBytes: 1024 })
  await writer.write('a,b\n')
  const manifest = await writer.finish()

  await writer.discard()

  t.equal(existsSync(manifest.dir), false)
})

t.test('spool empty upload', async (t) => {
  const dataDir = t.testdir()
  const writer = new ChunkSpoolWriter({ dir: spoolDirectory(dataDir, 'up-6'), maxChunkBytes: 1024 })

  const manifest = await writer.finish()

  t.same(manifest, { dir: join(dataDir, 'spool', 'up-6'), chunks: [], rows: 0, bytes: 0 })
  t.equal(existsSync(manifest.dir), false, 'no directory without rows')
})

t.test('spool rejects reused directory', async (t) => {
  const dir = spoolDirectory(t.testdir(), 'same')
  const first = new ChunkSpoolWriter({ dir, maxChunkBytes: 1024 })
  const second = new ChunkSpoolWriter({ dir, maxChunkBytes: 1024 })
  await first.write('a\n')

  await t.rejects(second.write('b\n'), { code: 'EEXIST' })

  await first.finish()
  t.equal(await readFile(join(dir, 'chunk-000001.csv'), 'utf8'), 'a\n', 'the first spool is kept')
  await first.discard()
})

t.test('spool upload ID checks', async (t) => {
  t.throws(() => spoolDirectory('/data', '../etc'), TypeError)
  t.throws(() => spoolDirectory('/data', 'a/b'), TypeError)
  t.throws(() => spoolDirectory('/data', ''), TypeError)
  t.equal(spoolDirectory('/data', '0b7c-4e_1'), join('/data', 'spool', '0b7c-4e_1'))
})

t.test('spool line without newline', async (t) => {
  const dataDir = t.testdir()
  const writer = new ChunkSpoolWriter({ dir: spoolDirectory(dataDir, 'up-7'), maxChunkBytes: 1024 })

  await t.rejects(writer.write('no newline'), TypeError)
  t.equal(existsSync(writer.dir), false)
})
