/**
 * CPU time of this process's main thread (where JavaScript runs), from
 * /proc/<pid>/task/<pid>/stat (Linux only). `process.cpuUsage()` adds every thread (V8's GC
 * and compiler helpers, libuv's pool), which hides where a gap between two targets is; the
 * difference of the two is the other threads' share. The kernel counts in clock ticks (10 ms
 * at the usual USER_HZ of 100), so this is for windows of seconds, not for one event.
 */
import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: every architecture Node runs on has 100. */
const TICK_US = 10_000;

/** utime + stime of one `stat` line, in ticks. The command name may hold spaces and parentheses, so fields count from the last ')'. */
export function ticksOf(stat: string): number {
  const close = stat.lastIndexOf(')');
  if (close < 0) throw new Error('not a /proc stat line');
  // After ") ": state(3) ppid(4) … utime is field 14 and stime 15 (1-based, proc(5)).
  const fields = stat.slice(close + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('not a /proc stat line');
  return utime + stime;
}

/** user + system of the main thread of `pid` (this process by default), µs; null where there is no /proc (not Linux). */
export function mainThreadCpuUs(pid = process.pid): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  return ticksOf(stat) * TICK_US;
}
