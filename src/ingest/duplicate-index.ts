// Index of the (queue, interval start) pairs an upload has used, at about 4 bytes per interval
// slot. Each queue has a sparse map of Uint32Array blocks indexed by intervalStart /
// intervalSeconds. A slot stores a nonzero key chosen by the caller (the session encodes where
// the row came from), and 0 marks a free slot.

/**
 * Slots per block: 256 slots of 900 s cover 2.7 days and take 1 KiB. Smaller blocks waste less
 * on sparse data (one row per queue and week), larger ones carry less per-block overhead.
 */
export const slotsPerBlock = 256

export const maxSlotKey = 0xFFFF_FFFF

/**
 * Raised when a claim would allocate more slots than the index may hold. Rows spread thinly over
 * many queues and weeks allocate a block each, so the slot count, not the row count, bounds the
 * index's memory.
 */
export class IndexCapacityError extends Error {
  readonly maxSlots: number

  constructor (maxSlots: number) {
    super(`the interval index is full at ${maxSlots} slots`)
    this.name = 'IndexCapacityError'
    this.maxSlots = maxSlots
  }
}

interface QueueSlots {
  blocks: Map<number, Uint32Array>
  firstSlot: number
  lastSlot: number
}

// TODO: memory grows by 4 bytes per row (84 MB for the 21 million rows of 1 GB), so peak RSS is
// not independent of the upload size. A bitmap with the first line kept only for small uploads
// would cut it 32 times, at the cost of naming the earlier line in duplicate errors.
export class IntervalIndex {
  readonly intervalSeconds: number
  /** Most slots the blocks may hold together; each slot takes 4 bytes. */
  readonly maxSlots: number
  private readonly queues = new Map<string, QueueSlots>()
  private allocatedSlots = 0

  constructor (intervalSeconds: number, maxSlots = Number.POSITIVE_INFINITY) {
    this.intervalSeconds = intervalSeconds
    this.maxSlots = maxSlots
  }

  /** Slots allocated so far, used or free. */
  get slotCount (): number {
    return this.allocatedSlots
  }

  get queueCount (): number {
    return this.queues.size
  }

  /** Queue names in the order they first appeared. */
  queueNames (): IterableIterator<string> {
    return this.queues.keys()
  }

  /**
   * Stores `key` (1 to 0xFFFFFFFF) for a queue and interval start unless the slot is taken.
   * Returns the key already stored there, or 0 when the slot was free and now contains `key`.
   * Throws IndexCapacityError when a new block would exceed maxSlots.
   */
  claim (queue: string, intervalStart: number, key: number): number {
    if (!Number.isInteger(key) || key < 1 || key > maxSlotKey) {
      throw new RangeError(`slot key ${key} is outside 1 to ${maxSlotKey}`)
    }
    const slot = intervalStart / this.intervalSeconds
    if (!Number.isInteger(slot)) {
      throw new RangeError(`interval start ${intervalStart} is not a multiple of ${this.intervalSeconds}`)
    }
    const slots = this.slotsOf(queue, slot)
    const block = this.blockOf(slots, slot)
    const offset = slot - Math.floor(slot / slotsPerBlock) * slotsPerBlock
    const previous = block[offset] ?? 0
    if (previous !== 0) {
      return previous
    }

    block[offset] = key
    slots.firstSlot = Math.min(slots.firstSlot, slot)
    slots.lastSlot = Math.max(slots.lastSlot, slot)
    return 0
  }

  /** Returns the key stored for a queue and interval start, or 0. */
  keyAt (queue: string, intervalStart: number): number {
    const slot = intervalStart / this.intervalSeconds
    const blockIndex = Math.floor(slot / slotsPerBlock)
    const block = this.queues.get(queue)?.blocks.get(blockIndex)
    return block?.[slot - blockIndex * slotsPerBlock] ?? 0
  }

  /** Returns the earliest and latest interval start stored for a queue. */
  rangeOf (queue: string): { first: number, last: number } | undefined {
    const slots = this.queues.get(queue)
    if (slots === undefined) {
      return undefined
    }
    return { first: slots.firstSlot * this.intervalSeconds, last: slots.lastSlot * this.intervalSeconds }
  }

  private slotsOf (queue: string, slot: number): QueueSlots {
    let slots = this.queues.get(queue)
    if (slots === undefined) {
      slots = { blocks: new Map(), firstSlot: slot, lastSlot: slot }
      this.queues.set(queue, slots)
    }
    return slots
  }

  private blockOf (slots: QueueSlots, slot: number): Uint32Array {
    const blockIndex = Math.floor(slot / slotsPerBlock)
    let block = slots.blocks.get(blockIndex)
    if (block === undefined) {
      if (this.allocatedSlots + slotsPerBlock > this.maxSlots) {
        throw new IndexCapacityError(this.maxSlots)
      }
      this.allocatedSlots += slotsPerBlock
      block = new Uint32Array(slotsPerBlock)
      slots.blocks.set(blockIndex, block)
    }
    return block
  }
}
