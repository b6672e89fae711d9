import { describe, expect, it } from 'vitest';
import { stormSpreadTable, stormTables, type StormResult } from './storm';

const storm = (allLive: number | null, over: Partial<StormResult> = {}): StormResult => ({
  clients: 1000, signal: 'SIGTERM', bus: 'redis', backoff: { baseMs: 500, capMs: 5000 },
  open: { opened: 1000, failed: 0, seconds: 1, latency: null }, steadySeconds: 10,
  downSeconds: 4, stopSeconds: 1, allLive: allLive !== null, live: allLive === null ? 900 : 1000,
  allLiveAfterDropSeconds: allLive, allLiveAfterUpSeconds: allLive === null ? null : allLive - 4, reopenAfterDrop: null,
  published: 100, publisherMaxLagMs: 1, delivered: 100, lost: 0, duplicates: 0, gaps: 0, drainSeconds: 1, snapshots: 0,
  reconnectAttempts: 1000, errors: {}, latency: null, peakSocketsBefore: 1000, streamEndsBeforeDrop: {}, peakSocketsAfter: 1000, peakSseStreamsAfter: 1000, listenOverflows: 0,
  ...over,
});

describe('storm tables', () => {
  it('names the run among several', () => {
    expect(stormTables(storm(9))[0]).toBe('\n## Reconnect storm\n');
    expect(stormTables(storm(9), 'run 2 of 3')[0]).toBe('\n## Reconnect storm (run 2 of 3)\n');
  });

  it('puts several runs side by side with the spread of the time to all-live', () => {
    const lines = stormSpreadTable([storm(20), storm(10.5), storm(null), storm(30, { lost: 2, peakSocketsAfter: 1100 })]);
    expect(lines[0]).toBe('\n## Reconnect storms: 4 runs\n');
    const table = lines[1]!.split('\n');
    expect(table[0]).toMatch(/^run +shutdown +server down +all live after the drop +lost +dup +peak conn\.$/);
    expect(table[4]).toMatch(/^3 .* 900 of 1,000 live +0 +0 +×1\.00$/);
    expect(table[5]).toMatch(/^4 .* 30\.00 s +2 +0 +×1\.10$/);
    expect(lines.at(-1)).toBe('all live after the drop: min 10.50 s, median 20.00 s, max 30.00 s over 3 of 4 runs (1 timed out)');
  });

  it('counts the open streams that ended before the drop, by cause', () => {
    const row = (result: StormResult) => stormTables(result)[1]!.split('\n').find((line) => line.startsWith('open streams that ended before the drop'));
    expect(row(storm(9))).toMatch(/ 0$/);
    expect(row(storm(9, { streamEndsBeforeDrop: { closed: 380, 'error ECONNRESET': 2 } }))).toMatch(/ 382 \(closed ×380, error ECONNRESET ×2\)$/);
  });

  it('takes the mean of the two middle runs for an even count', () => {
    expect(stormSpreadTable([storm(10), storm(20)]).at(-1)).toBe('all live after the drop: min 10.00 s, median 15.00 s, max 20.00 s over 2 of 2 runs');
  });

  it('says so when no run was all live in time', () => {
    expect(stormSpreadTable([storm(null), storm(null)]).at(-1)).toBe('no run had every client live again in time');
  });
});
