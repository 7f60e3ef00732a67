// Index of the (queue, interval start) pairs an upload has used, at about 4 bytes per interval
// slot. Each queue has a sparse map of Uint32Array blocks indexed by intervalStart /
// intervalSeconds. A slot stores a nonzero key chosen by the caller (the session encodes where
// the row came from), and 0 marks a free slot.

/** Slots per block: 1024 slots of 900 s cover about 10.7 days and take 4 KiB. */
const slotsPerBlock = 1024

export const maxSlotKey = 0xFFFF_FFFF

interface QueueSlots {
  blocks: Map<number, Uint32Array>
  firstSlot: number
  lastSlot: number
}

export class IntervalIndex {
  readonly intervalSeconds: number
  private readonly queues = new Map<string, QueueSlots>()

  constructor (intervalSeconds: number) {
    this.intervalSeconds = intervalSeconds
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
      block = new Uint32Array(slotsPerBlock)
      slots.blocks.set(blockIndex, block)
    }
    return block
  }
}
