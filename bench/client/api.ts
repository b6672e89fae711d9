/** What a client worker (worker.ts) answers over IPC. */
import type { MeterReport } from './meter';
import type { Backoff } from './sse-client';
import type { ChatCounts } from './ws-client';

/** One client: what it opens and on which server port (an instance of a multi-instance target). */
export type ClientSpec =
  | { kind: 'sse'; port: number; path: string; user?: number }
  | { kind: 'ws'; port: number; path: string; user?: number; rideId: string; sender: boolean }
  | { kind: 'sio'; port: number; room: string; rideId: string; sender: boolean };

export interface OpenResult {
  opened: number;
  failed: number;
  elapsedMs: number;
  /** Time from starting each connection to its first event / hello / connect (encoded histogram, µs). */
  openLatency: string;
}

export interface WorkerReport extends MeterReport {
  clients: number;
  cpuUs: number;
  wallMs: number;
  chat: ChatCounts;
}

export interface LivenessReport {
  clients: number;
  /** Clients whose current connection opened after `sinceUs`. */
  live: number;
  /** The latest such open (µs, shared clock); 0 when none. */
  lastOpenUs: number;
  /** Open times after `sinceUs`, as an encoded histogram of µs after it. */
  openedAfter: string;
}

export interface WorkerApi {
  /** Signs in one user per entry of `ports`, each on that port (the instance it signs in on). */
  signIn(params: { ports: number[]; role: 'rider' | 'driver'; namePrefix: string; concurrency: number }): Promise<{ users: Array<{ id: string; name: string; index: number }> }>;
  open(params: { clients: ClientSpec[]; concurrency: number; timeoutMs: number; backoff: Backoff; sseAccept: string | null }): Promise<OpenResult>;
  measure(params: { run: number }): Promise<void>;
  report(params: null): Promise<WorkerReport>;
  chat(params: { run: number; intervalMs: number; rounds: number }): Promise<{ published: number; failed: number }>;
  liveness(params: { sinceUs: number }): Promise<LivenessReport>;
  /** Closes every client; `forgetUsers` also drops the signed-in users (a new target is next). */
  closeAll(params: { forgetUsers: boolean }): Promise<{ closed: number }>;
}
