import { join } from 'node:path'
import t from 'tap'
import { SqliteJobStore } from '../../src/jobs/sqlite-job-store.js'
import { runJobStoreContract } from './store-contract.js'

runJobStoreContract(t, {
  prepare: async (t) => {
    const path = join(t.testdir(), 'jobs.sqlite')
    return { open: async () => new SqliteJobStore(path) }
  }
})

t.test('sqlite store rejects a newer schema', async (t) => {
  const path = join(t.testdir(), 'jobs.sqlite')
  const store = new SqliteJobStore(path)
  await store.close()
  const { default: Database } = await import('better-sqlite3')
  const db = new Database(path)
  db.pragma('user_version = 99')
  db.close()

  t.throws(() => new SqliteJobStore(path), {
    message: 'The job database has schema version 99, newer than this relay\'s 1; run a newer ' +
      'relay or move the database away'
  })
})
