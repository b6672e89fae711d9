import { describe, expect, it } from 'vitest';
import type { TargetResult } from './common';
import { connectionTable, costTable, errorLines, idleTable, instanceTable, latencyTable } from './report';

const memory = (connections: number, rssPerConn: number) => ({
  connections, baseRssBytes: 0, baseHeapBytes: 0, loadedRssBytes: connections * rssPerConn, loadedHeapBytes: connections * rssPerConn / 2,
  rssPerConnBytes: rssPerConn, heapPerConnBytes: rssPerConn / 2, rssReleasedPerConnBytes: rssPerConn / 2, openCpuPerConnUs: 500,
});

const instance = (n: number, connections: number) => ({
  label: `curbside#${n}`, port: 40_000 + n, pid: 100 + n, startSeconds: 5, streams: connections, sockets: connections, memory: memory(connections, 20_480),
  window: { serverCpuSeconds: 0.5, mainThreadCpuSeconds: 0.4, eventLoopP99Ms: 10 + n, eventLoopMaxMs: 20 + n, peakSockets: connections },
});

const result = (target: TargetResult['target'], rssPerConn: number, cpuPerEvent: number): TargetResult => ({
  target, clientKind: 'sse', endpoint: '/api/surge/stream', startSeconds: 1, signIn: null,
  open: { opened: 100, failed: 0, seconds: 1, latency: { count: 100, p50: 1, p90: 2, p99: 3, p999: 4, max: 5, mean: 1 } },
  memory: { connections: 100, baseRssBytes: 0, baseHeapBytes: 0, loadedRssBytes: 0, loadedHeapBytes: 0, rssPerConnBytes: rssPerConn, heapPerConnBytes: rssPerConn / 2, rssReleasedPerConnBytes: target === 'socketio' ? null : rssPerConn / 4,
    openCpuPerConnUs: target === 'curbside' ? 2500 : 250 },
  load: {
    seconds: 10, published: 10, expected: 1000, delivered: 1000, lost: 0, duplicates: 0, gaps: 0, snapshots: 0, reconnects: 0,
    errors: target === 'curbside' ? { ECONNRESET: 2 } : {}, latency: { count: 1000, p50: 1, p90: 2, p99: 3, p999: 4, max: 5, mean: 1 },
    eventsPerSecond: 100, serverCpuSeconds: cpuPerEvent / 1000, serverCpuUsPerEvent: cpuPerEvent, deliveredPerServerCpuSecond: 1e6 / cpuPerEvent,
    mainThreadCpuSeconds: cpuPerEvent / 2000, mainThreadCpuUsPerEvent: cpuPerEvent / (target === 'curbside' ? 4 : 2),
    eventLoopP99Ms: 10, eventLoopMaxMs: 20, clientCpuSeconds: 0.5,
  },
  serverStreams: { sse: 100, ws: 0, ssePeak: 100 }, serverSockets: { open: 100, peak: 100 },
  instances: [{ ...instance(1, 100), label: target }],
});

describe('report tables', () => {
  const results = [result('curbside', 133_120, 50), result('bare', 12_800, 10), result('socketio', 20_480, 20)];

  it('shows memory per connection and its ratio to bare', () => {
    const lines = connectionTable(results).split('\n');
    expect(lines[0]).toContain('RSS/conn KB');
    expect(lines[2]).toMatch(/^curbside .* 130\.0 .* 65\.0 .*×10 .*×10$/);
    expect(lines[3]).toMatch(/12\.5/);
    // Released RSS: curbside 32.5 KB against bare's 3.1; Socket.IO has no such figure.
    // Then CPU per connect: curbside 2.5 ms against bare's 0.25.
    expect(lines[2]).toMatch(/ 32\.5 +×10 +2\.50 +×10$/);
    expect(lines[4]).toMatch(/ - +- +0\.25 +×1\.0$/);
  });

  it('shows CPU per event against bare and throughput against Socket.IO', () => {
    const curbside = costTable(results).split('\n')[2]!;
    expect(curbside).toContain('×5.0');
    expect(curbside).toContain('×0.20');
    expect(curbside).toContain('×0.40');
    // Main thread: curbside 12.5 µs/event against bare's 5.
    expect(curbside).toMatch(/ 12\.5 .*×2\.5$/);
  });

  it('lists latency percentiles and errors by kind', () => {
    expect(latencyTable(results).split('\n')[0]).toMatch(/p50 +p90 +p99 +p99\.9 +max ms/);
    expect(errorLines(results)).toEqual(['curbside errors: ECONNRESET ×2']);
  });

  it('prints no per-instance table for single processes', () => {
    expect(instanceTable(results)).toBeNull();
  });
});

describe('a multi-instance target', () => {
  const cluster: TargetResult = {
    ...result('curbside', 20_480, 50),
    instances: [instance(1, 34), instance(2, 33), instance(3, 33)],
    idle: { seconds: 10, serverCpuSeconds: 1.5, eventLoopP99Ms: 13 },
  };
  const results = [cluster, result('bare', 12_800, 10)];

  it('names its row curbside×N in every table', () => {
    expect(connectionTable(results).split('\n')[2]).toMatch(/^curbside×3 /);
    expect(latencyTable(results).split('\n')[2]).toMatch(/^curbside×3 /);
    expect(costTable(results).split('\n')[2]).toMatch(/^curbside×3 /);
    expect(idleTable(results).split('\n')[2]).toMatch(/^curbside×3 /);
    expect(errorLines(results)).toEqual(['curbside×3 errors: ECONNRESET ×2']);
  });

  it('lists each instance with its connections, sockets, memory and window', () => {
    const lines = instanceTable(results)!.split('\n');
    expect(lines[0]).toMatch(/^instance +port +streams +sockets +peak sockets +RSS MB +heap MB +RSS\/conn KB +heap\/conn KB +server CPU s +loop p99 ms +loop max ms$/);
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/^curbside#1 +40001 +34 +34 +34 +0\.7 +0\.3 +20\.0 +10\.0 +0\.50 +11\.0 +21\.0$/);
    expect(lines[4]).toMatch(/^curbside#3 /);
  });
});
