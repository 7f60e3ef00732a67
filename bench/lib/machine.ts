// The machine a bench ran on, for the header of its table.

import { availableParallelism, cpus, release, totalmem } from 'node:os'

export interface MachineInfo {
  cpuModel: string
  /** Logical CPUs Node may use (os.availableParallelism). */
  cores: number
  memoryGiB: number
  kernel: string
  node: string
}

export function describeMachine (): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 1024 ** 3 * 10) / 10,
    kernel: `${process.platform} ${release()}`,
    node: process.version
  }
}
