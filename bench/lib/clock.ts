/**
 * Time for latency figures. `process.hrtime()` reads CLOCK_MONOTONIC, which on Linux is one
 * clock for every process on the machine, so a publish time stamped in a server process and a
 * receive time read in a client worker are directly comparable (unlike `performance.now()`,
 * which counts from each process's own start).
 */
export function nowUs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e6 + nanoseconds / 1e3;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
