// Samples the VmRSS of a process every 100 ms and keeps the largest sample, as
// scripts/measure-memory.ts does, so bench figures compare with docs/memory.md. Samples miss
// spikes shorter than the interval, and the timer runs late while this process is busy
// generating load, so VmHWM stays the authoritative peak.

import { readStatusKiB } from './child-process.js'

export const sampleIntervalMs = 100

export interface RssSampler {
  /** The largest VmRSS sampled so far, in MiB, or 0 when no sample could be read. */
  maxMiB: () => number
  stop: () => void
}

/** Starts sampling now, with a first sample at once, until `stop` is called. */
export function sampleRss (pid: number): RssSampler {
  let maxKiB = 0
  let reading = false

  const sample = (): void => {
    // A read still pending when the timer fires again is not doubled.
    if (reading) return
    reading = true
    // readStatusKiB returns 0 instead of rejecting, so this chain cannot fail.
    void readStatusKiB(pid, 'VmRSS').then((kib) => {
      maxKiB = Math.max(maxKiB, kib)
      reading = false
    })
  }

  sample()
  const timer = setInterval(sample, sampleIntervalMs)
  timer.unref()
  return { maxMiB: () => maxKiB / 1024, stop: () => { clearInterval(timer) } }
}
