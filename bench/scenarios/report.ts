/** Turns scenario results into the tables printed to stdout (the JSON file keeps everything). */
import { formatTable, kb, num, ratio, sig } from '../lib/table';
import type { TargetResult } from './common';

const find = (results: readonly TargetResult[], name: string) => results.find((r) => r.target === name);

/** The row's name: `curbside×3` for three instances (its figures are their totals), else the target. */
export const rowLabel = (r: Pick<TargetResult, 'target' | 'instances'>): string => (r.instances.length > 1 ? `${r.target}×${r.instances.length}` : r.target);

function errorsOf(errors: Record<string, number> | undefined): string {
  return num(Object.values(errors ?? {}).reduce((sum, n) => sum + n, 0));
}

/**
 * Connections and memory per connection after a forced GC, with the ratio to the bare baseline;
 * `released`: RSS after V8's memory-reducing GC as well, which gives back pages a plain GC keeps.
 */
export function connectionTable(results: readonly TargetResult[]): string {
  const bare = find(results, 'bare');
  return formatTable(
    [{ header: 'target' }, { header: 'clients' }, { header: 'via', align: 'left' }, { header: 'open s' }, { header: 'connect p99 ms' },
      { header: 'RSS/conn KB' }, { header: 'heap/conn KB' }, { header: 'RSS ÷ bare' }, { header: 'heap ÷ bare' },
      { header: 'released RSS/conn KB' }, { header: 'released ÷ bare' }, { header: 'open CPU ms/conn' }, { header: 'open CPU ÷ bare' }],
    results.map((r) => [
      rowLabel(r), `${num(r.open.opened)}${r.open.failed ? ` (${num(r.open.failed)} failed)` : ''}`, `${r.clientKind} ${r.endpoint}`,
      num(r.open.seconds, 1), sig(r.open.latency?.p99),
      kb(r.memory.rssPerConnBytes), kb(r.memory.heapPerConnBytes),
      r === bare ? '' : ratio(r.memory.rssPerConnBytes, bare?.memory.rssPerConnBytes),
      r === bare ? '' : ratio(r.memory.heapPerConnBytes, bare?.memory.heapPerConnBytes),
      r.memory.rssReleasedPerConnBytes === null ? '-' : kb(r.memory.rssReleasedPerConnBytes),
      r === bare ? '' : ratio(r.memory.rssReleasedPerConnBytes, bare?.memory.rssReleasedPerConnBytes),
      num(r.memory.openCpuPerConnUs / 1000, 2), r === bare ? '' : ratio(r.memory.openCpuPerConnUs, bare?.memory.openCpuPerConnUs),
    ]),
  );
}

/** Publish→receive latency (ms) and delivery counts. */
export function latencyTable(results: readonly TargetResult[]): string {
  return formatTable(
    [{ header: 'target' }, { header: 'delivered' }, { header: 'expected' }, { header: 'lost' }, { header: 'dup' }, { header: 'events/s' },
      { header: 'p50' }, { header: 'p90' }, { header: 'p99' }, { header: 'p99.9' }, { header: 'max ms' }, { header: 'errors' }, { header: 'reconnects' }],
    results.filter((r) => r.load).map((r) => {
      const load = r.load!;
      return [
        rowLabel(r), num(load.delivered), num(load.expected), num(load.lost), num(load.duplicates), num(load.eventsPerSecond),
        sig(load.latency?.p50), sig(load.latency?.p90), sig(load.latency?.p99), sig(load.latency?.p999), sig(load.latency?.max),
        errorsOf(load.errors), num(load.reconnects),
      ];
    }),
  );
}

/** Server cost from the server itself (process.cpuUsage, monitorEventLoopDelay), and the clients' CPU. */
export function costTable(results: readonly TargetResult[]): string {
  const bare = find(results, 'bare');
  const sio = find(results, 'socketio');
  return formatTable(
    [{ header: 'target' }, { header: 'server CPU s' }, { header: 'CPU µs/event' }, { header: 'events/CPU-s' }, { header: 'loop p99 ms' }, { header: 'loop max ms' },
      { header: 'main-thread µs/event' }, { header: 'client CPU s' }, { header: 'CPU/event ÷ bare' }, { header: 'events/CPU-s ÷ bare' }, { header: '÷ socketio' },
      { header: 'main-thread ÷ bare' }],
    results.filter((r) => r.load).map((r) => {
      const load = r.load!;
      return [
        rowLabel(r), num(load.serverCpuSeconds, 2), sig(load.serverCpuUsPerEvent), num(load.deliveredPerServerCpuSecond), sig(load.eventLoopP99Ms), sig(load.eventLoopMaxMs),
        sig(load.mainThreadCpuUsPerEvent), num(load.clientCpuSeconds, 2),
        r === bare ? '' : ratio(load.serverCpuUsPerEvent, bare?.load?.serverCpuUsPerEvent),
        r === bare ? '' : ratio(load.deliveredPerServerCpuSecond, bare?.load?.deliveredPerServerCpuSecond),
        r === sio ? '' : ratio(load.deliveredPerServerCpuSecond, sio?.load?.deliveredPerServerCpuSecond),
        r === bare ? '' : ratio(load.mainThreadCpuUsPerEvent, bare?.load?.mainThreadCpuUsPerEvent),
      ];
    }),
  );
}

/** What idle connections cost over time: heartbeats only. */
export function idleTable(results: readonly TargetResult[]): string {
  return formatTable(
    [{ header: 'target' }, { header: 'clients' }, { header: 'idle s' }, { header: 'server CPU s' }, { header: 'loop p99 ms' },
      { header: 'RSS MB' }, { header: 'heap MB' }, { header: 'server sockets' }],
    results.filter((r) => r.idle).map((r) => [
      rowLabel(r), num(r.open.opened), num(r.idle!.seconds), num(r.idle!.serverCpuSeconds, 2), sig(r.idle!.eventLoopP99Ms),
      num(r.memory.loadedRssBytes / 2 ** 20, 1), num(r.memory.loadedHeapBytes / 2 ** 20, 1), num(r.serverSockets.open),
    ]),
  );
}

/** Errors by kind, when there were any (the tables only count them). */
export function errorLines(results: readonly TargetResult[]): string[] {
  return results.flatMap((r) => {
    const entries = Object.entries(r.load?.errors ?? {});
    return entries.length ? [`${rowLabel(r)} errors: ${entries.map(([kind, n]) => `${kind} ×${n}`).join(', ')}`] : [];
  });
}

/**
 * Each instance of a multi-instance target on its own row (only targets with more than one),
 * so a reader sees the spread: connections it held, its memory (total and per connection),
 * accepted sockets (each must stay under the per-process file limit) and its CPU and
 * event-loop delay over the idle or load window.
 */
export function instanceTable(results: readonly TargetResult[]): string | null {
  const rows = results.filter((r) => r.instances.length > 1).flatMap((r) => r.instances.map((i) => [
    i.label, String(i.port), num(i.streams), num(i.sockets), i.window ? num(i.window.peakSockets) : '-',
    num(i.memory.loadedRssBytes / 2 ** 20, 1), num(i.memory.loadedHeapBytes / 2 ** 20, 1), kb(i.memory.rssPerConnBytes), kb(i.memory.heapPerConnBytes),
    i.window ? num(i.window.serverCpuSeconds, 2) : '-', i.window ? sig(i.window.eventLoopP99Ms) : '-', i.window ? sig(i.window.eventLoopMaxMs) : '-',
  ]));
  if (rows.length === 0) return null;
  return formatTable(
    [{ header: 'instance' }, { header: 'port' }, { header: 'streams' }, { header: 'sockets' }, { header: 'peak sockets' },
      { header: 'RSS MB' }, { header: 'heap MB' }, { header: 'RSS/conn KB' }, { header: 'heap/conn KB' },
      { header: 'server CPU s' }, { header: 'loop p99 ms' }, { header: 'loop max ms' }],
    rows,
  );
}
