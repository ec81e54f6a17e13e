import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ, nearly always 100). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU milliseconds a process has used so far (0 once it is gone, or off Linux). */
function cpuMsOfPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The pids whose command name is `name` (e.g. every Postgres backend). */
export function pidsNamed(name: string): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * CPU used per named group of processes between `start()` and `stop()`, in milliseconds: where a scenario's CPU
 * went, independent of how much of the machine others took meanwhile. Groups are given as functions, so a group
 * like "postgres" is listed afresh each time (backends come and go).
 */
export class CpuMeter {
  private before = new Map<number, number>();

  constructor(private readonly groups: Record<string, () => number[]>) {}

  start(): void {
    this.before = new Map();
    for (const pids of Object.values(this.groups)) for (const pid of pids()) this.before.set(pid, cpuMsOfPid(pid));
  }

  stop(): Record<string, number> {
    const used: Record<string, number> = {};
    for (const [group, pids] of Object.entries(this.groups)) {
      used[group] = pids().reduce((sum, pid) => sum + Math.max(0, cpuMsOfPid(pid) - (this.before.get(pid) ?? 0)), 0);
    }
    return used;
  }
}
