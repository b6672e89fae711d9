import { describe, expect, it } from 'vitest';
import { mainThreadCpuUs, ticksOf } from './thread-cpu';

describe('ticksOf', () => {
  it('adds utime and stime, counting fields after a command name with spaces and parentheses', () => {
    const line = '4242 (node (a) b) S 1 4242 4242 0 -1 4194560 100 0 0 0 731 269 0 0 20 0 11 0 5000 1000000 2000 18446744073709551615';
    expect(ticksOf(line)).toBe(1000);
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => ticksOf('nothing here')).toThrow(/stat line/);
    expect(() => ticksOf('1 (x) S')).toThrow(/stat line/);
  });
});

describe.runIf(process.platform === 'linux')('mainThreadCpuUs', () => {
  it('charges work on the main thread to the main thread', () => {
    const before = mainThreadCpuUs()!;
    // 300 ms of this process's CPU (not wall time: the suite shares the cores), spent here.
    const start = process.cpuUsage();
    let x = 0;
    while (process.cpuUsage(start).user < 300_000) for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
    const after = mainThreadCpuUs()!;
    expect(x).toBeGreaterThan(0);
    // Ticks are 10 ms, and other threads (GC helpers) may have had a share of the 300 ms.
    expect(after - before).toBeGreaterThanOrEqual(200_000);
  });
});
