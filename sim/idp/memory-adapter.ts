import type { Adapter } from 'oidc-provider'

interface StoredEntry {
  payload: Record<string, unknown>
  expiresAtMs: number
}

/**
 * Creates an oidc-provider storage adapter class whose entries live in one Map, so each realm
 * keeps its own storage and is dropped with it. oidc-provider stores nothing for JWT access
 * tokens, so with the simulator's client_credentials-only setup this Map normally stays empty.
 * Passing an adapter also stops oidc-provider's warning about its development-only default.
 */
export function createMemoryAdapter (): new (modelName: string) => Adapter {
  const entries = new Map<string, StoredEntry>()

  function read (key: string): Record<string, unknown> | undefined {
    const entry = entries.get(key)
    if (entry === undefined) return undefined

    if (entry.expiresAtMs <= Date.now()) {
      entries.delete(key)
      return undefined
    }
    return entry.payload
  }

  return class MemoryAdapter implements Adapter {
    readonly modelName: string

    constructor (modelName: string) {
      this.modelName = modelName
    }

    async upsert (id: string, payload: Record<string, unknown>, expiresIn: number): Promise<void> {
      entries.set(this.key(id), { payload, expiresAtMs: Date.now() + expiresIn * 1000 })
    }

    async find (id: string): Promise<Record<string, unknown> | undefined> {
      return read(this.key(id))
    }

    async findByUserCode (userCode: string): Promise<Record<string, unknown> | undefined> {
      return this.findBy('userCode', userCode)
    }

    async findByUid (uid: string): Promise<Record<string, unknown> | undefined> {
      return this.findBy('uid', uid)
    }

    async consume (id: string): Promise<void> {
      const payload = read(this.key(id))
      if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000)
    }

    async destroy (id: string): Promise<void> {
      entries.delete(this.key(id))
    }

    async revokeByGrantId (grantId: string): Promise<void> {
      for (const [key, entry] of entries) {
        if (entry.payload.grantId === grantId) entries.delete(key)
      }
    }

    private key (id: string): string {
      return `${this.modelName}:${id}`
    }

    private findBy (field: string, value: string): Record<string, unknown> | undefined {
      const prefix = `${this.modelName}:`
      for (const key of entries.keys()) {
        if (!key.startsWith(prefix)) continue

        const payload = read(key)
        if (payload?.[field] === value) return payload
      }
      return undefined
    }
  }
}
