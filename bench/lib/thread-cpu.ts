/**
 * CPU time of this process split by thread, from /proc/self/task/<tid>/stat (Linux only):
 * the main thread (where JavaScript runs) apart from the rest (V8's GC and compiler helpers,
 * libuv's pool). `process.cpuUsage()` sums them all, which hides where a gap between two
 * targets is. The kernel counts in clock ticks (10 ms at the usual USER_HZ of 100), so this
 * is for windows of seconds, not for one event.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadCpu {
  /** user + system of the main thread, µs. */
  mainUs: number;
  /** user + system of every other thread alive now, µs (a thread that has exited is not in it). */
  otherUs: number;
}

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

/** This process's threads now, or null where /proc is not there (not Linux). */
export function threadCpu(pid = process.pid): ThreadCpu | null {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  let mainUs = 0;
  let otherUs = 0;
  for (const tid of tids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // exited between the listing and the read
    }
    const us = ticksOf(stat) * TICK_US;
    if (tid === String(pid)) mainUs += us;
    else otherUs += us;
  }
  return { mainUs, otherUs };
}
