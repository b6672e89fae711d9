/**
 * The client worker pool: K forked processes (each well under the 20,000 open-file limit),
 * clients spread round-robin, and their reports merged.
 */
import path from 'node:path';
import type { ClientSpec, LivenessReport, OpenResult, WorkerApi, WorkerReport } from '../client/api';
import type { Backoff } from '../client/sse-client';
import { mergeEncoded, summarize, type LatencySummary } from '../lib/histogram';
import { workerOf, workerShare } from '../lib/placement';
import type { MeterReport } from '../client/meter';
import { forkChild, type Child } from './children';

export interface SignedInUser {
  id: string;
  name: string;
  /** Which worker holds its cookie, and its index there. */
  worker: number;
  index: number;
}

/** The workers' meter reports added up, with the latency histograms merged. */
export interface MergedReport extends Omit<MeterReport, 'latency'> {
  latency: LatencySummary | null;
  clientCpuUs: number;
  chat: { sent: number; acked: number; rejected: number };
}

/** A client and the worker that must run it. */
export interface PlacedSpec {
  worker: number;
  spec: ClientSpec;
}

export interface OpenSummary {
  opened: number;
  failed: number;
  seconds: number;
  latency: LatencySummary | null;
}

export class WorkerPool {
  private constructor(private readonly workers: Child<WorkerApi>[], private readonly sseAccept: string | null) {}

  /** `sseAccept`: the Accept header every SSE client sends (null: none). */
  static async start(count: number, sseAccept: string | null): Promise<WorkerPool> {
    const workers = Array.from({ length: count }, (_, i) =>
      forkChild<WorkerApi>(`worker ${i}`, path.join('bench', 'client', 'worker.ts'), { execArgv: ['--import', 'tsx'] }));
    const pool = new WorkerPool(workers, sseAccept);
    // A no-op call proves each worker is up and serving.
    await Promise.all(workers.map((worker) => worker.rpc.call('measure', { run: 0 }, 60_000)));
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * Signs in `count` users spread over the workers; user i lives in worker i % K and signs in on
   * port `portOf(i)` (with several instances, not the one it will stream from).
   */
  async signIn(portOf: (user: number) => number, role: 'rider' | 'driver', count: number, namePrefix: string): Promise<SignedInUser[]> {
    const shares = this.workers.map((_, w) => workerShare(count, this.size, w));
    const perWorker = await Promise.all(this.workers.map((worker, w) =>
      worker.rpc.call('signIn', { ports: shares[w]!.map(portOf), role, namePrefix: `${namePrefix}${w}-`, concurrency: 16 }, 600_000)));
    const users: SignedInUser[] = [];
    for (let i = 0; i < count; i++) {
      const w = workerOf(i, this.size);
      const user = perWorker[w]!.users[Math.floor(i / this.size)]!;
      users.push({ ...user, worker: w });
    }
    return users;
  }

  /** Opens `specs[w]` in worker w, all workers at once (each spec names its server port). */
  async open(specs: ClientSpec[][], concurrency: number, backoff: Backoff, timeoutMs = 60_000): Promise<OpenSummary> {
    const started = performance.now();
    const results: OpenResult[] = await Promise.all(this.workers.map((worker, w) =>
      worker.rpc.call('open', { clients: specs[w] ?? [], concurrency, timeoutMs, backoff, sseAccept: this.sseAccept }, timeoutMs + 600_000)));
    const latency = mergeEncoded(results.map((r) => r.openLatency));
    const summary = {
      opened: results.reduce((sum, r) => sum + r.opened, 0),
      failed: results.reduce((sum, r) => sum + r.failed, 0),
      seconds: (performance.now() - started) / 1000,
      latency: summarize(latency),
    };
    latency.destroy();
    return summary;
  }

  /** Groups specs by the worker each must run in (where its user's cookie is). */
  group(placed: readonly PlacedSpec[]): ClientSpec[][] {
    const out: ClientSpec[][] = this.workers.map(() => []);
    for (const { worker, spec } of placed) out[worker % this.size]!.push(spec);
    return out;
  }

  async measure(run: number): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.rpc.call('measure', { run })));
  }

  async report(): Promise<MergedReport> {
    const reports: WorkerReport[] = await Promise.all(this.workers.map((worker) => worker.rpc.call('report', null)));
    const latency = mergeEncoded(reports.map((r) => r.latency));
    const errors: Record<string, number> = {};
    for (const report of reports) for (const [kind, n] of Object.entries(report.errors)) errors[kind] = (errors[kind] ?? 0) + n;
    const ends: Record<string, number> = {};
    for (const report of reports) for (const [cause, n] of Object.entries(report.ends)) ends[cause] = (ends[cause] ?? 0) + n;
    const sum = (pick: (r: WorkerReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
    const merged: MergedReport = {
      latency: summarize(latency),
      delivered: sum((r) => r.delivered),
      duplicates: sum((r) => r.duplicates),
      gaps: sum((r) => r.gaps),
      snapshots: sum((r) => r.snapshots),
      reconnects: sum((r) => r.reconnects),
      errors,
      ends,
      clientCpuUs: sum((r) => r.cpuUs),
      chat: { sent: sum((r) => r.chat.sent), acked: sum((r) => r.chat.acked), rejected: sum((r) => r.chat.rejected) },
    };
    latency.destroy();
    return merged;
  }

  async chat(run: number, intervalMs: number, rounds: number): Promise<{ published: number; failed: number }> {
    const results = await Promise.all(this.workers.map((worker) => worker.rpc.call('chat', { run, intervalMs, rounds }, rounds * intervalMs + 120_000)));
    return { published: results.reduce((s, r) => s + r.published, 0), failed: results.reduce((s, r) => s + r.failed, 0) };
  }

  async liveness(sinceUs: number): Promise<{ clients: number; live: number; lastOpenUs: number; openedAfter: LatencySummary | null }> {
    const reports: LivenessReport[] = await Promise.all(this.workers.map((worker) => worker.rpc.call('liveness', { sinceUs })));
    const opened = mergeEncoded(reports.map((r) => r.openedAfter));
    const result = {
      clients: reports.reduce((s, r) => s + r.clients, 0),
      live: reports.reduce((s, r) => s + r.live, 0),
      lastOpenUs: Math.max(0, ...reports.map((r) => r.lastOpenUs)),
      openedAfter: summarize(opened),
    };
    opened.destroy();
    return result;
  }

  async closeAll(forgetUsers: boolean): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.rpc.call('closeAll', { forgetUsers })));
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop('SIGTERM', 5000)));
  }
}
