import { describe, expect, it } from 'vitest';
import type { TargetResult } from './common';
import { connectionTable, costTable, errorLines, latencyTable } from './report';

const result = (target: TargetResult['target'], rssPerConn: number, cpuPerEvent: number): TargetResult => ({
  target, clientKind: 'sse', endpoint: '/api/surge/stream', startSeconds: 1, signIn: null,
  open: { opened: 100, failed: 0, seconds: 1, latency: { count: 100, p50: 1, p90: 2, p99: 3, p999: 4, max: 5, mean: 1 } },
  memory: { connections: 100, baseRssBytes: 0, baseHeapBytes: 0, loadedRssBytes: 0, loadedHeapBytes: 0, rssPerConnBytes: rssPerConn, heapPerConnBytes: rssPerConn / 2 },
  load: {
    seconds: 10, published: 10, expected: 1000, delivered: 1000, lost: 0, duplicates: 0, gaps: 0, snapshots: 0, reconnects: 0,
    errors: target === 'curbside' ? { ECONNRESET: 2 } : {}, latency: { count: 1000, p50: 1, p90: 2, p99: 3, p999: 4, max: 5, mean: 1 },
    eventsPerSecond: 100, serverCpuSeconds: cpuPerEvent / 1000, serverCpuUsPerEvent: cpuPerEvent, deliveredPerServerCpuSecond: 1e6 / cpuPerEvent,
    eventLoopP99Ms: 10, eventLoopMaxMs: 20, clientCpuSeconds: 0.5,
  },
  serverStreams: { sse: 100, ws: 0, ssePeak: 100 }, serverSockets: { open: 100, peak: 100 },
});

describe('report tables', () => {
  const results = [result('curbside', 133_120, 50), result('bare', 12_800, 10), result('socketio', 20_480, 20)];

  it('shows memory per connection and its ratio to bare', () => {
    const lines = connectionTable(results).split('\n');
    expect(lines[0]).toContain('RSS/conn KB');
    expect(lines[2]).toMatch(/^curbside .* 130\.0 .* 65\.0 .*×10 .*×10$/);
    expect(lines[3]).toMatch(/12\.5/);
  });

  it('shows CPU per event against bare and throughput against Socket.IO', () => {
    const curbside = costTable(results).split('\n')[2]!;
    expect(curbside).toContain('×5.0');
    expect(curbside).toContain('×0.20');
    expect(curbside).toContain('×0.40');
  });

  it('lists latency percentiles and errors by kind', () => {
    expect(latencyTable(results).split('\n')[0]).toMatch(/p50 +p90 +p99 +p99\.9 +max ms/);
    expect(errorLines(results)).toEqual(['curbside errors: ECONNRESET ×2']);
  });
});
