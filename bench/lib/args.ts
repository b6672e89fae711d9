/** `npm run bench -- <scenario> [flags]`: the command line, parsed and checked before anything starts. */
import { parseArgs } from 'node:util';

export const SCENARIOS = ['idle', 'fanout', 'surge', 'chat', 'storm'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const TARGETS = ['curbside', 'bare', 'socketio'] as const;
export type TargetName = (typeof TARGETS)[number];

export interface BenchOptions {
  scenario: Scenario;
  /** SSE clients (idle, fanout, surge, storm); Socket.IO stands in with as many sockets. */
  sse: number;
  /** WebSocket clients (idle, chat: half riders, half drivers). */
  ws: number;
  /** Seconds of measured load (idle: how long the connections sit idle; storm: steady state before the drop). */
  durationS: number;
  workers: number;
  targets: TargetName[];
  /** Per-topic publish interval (fanout), broadcast interval (surge, storm). */
  intervalMs: number;
  /** Each rider sends one chat message this often (the server allows 1/s per user after a burst of 10). */
  chatIntervalMs: number;
  /** Connections each worker opens at once. */
  connectConcurrency: number;
  logLevel: string;
  bus: 'memory' | 'redis';
  redisUrl: string;
  /** Curbside's DATABASE_URL; empty: a fresh embedded PGlite per server (never the caller's DATABASE_URL). */
  databaseUrl: string;
  outDir: string;
  /** storm: SIGKILL the server instead of a graceful SIGTERM. */
  kill: boolean;
  /** storm: how long to wait for every client to be live again. */
  stormTimeoutS: number;
  /**
   * The `Accept` header of SSE clients (EventSource sends `text/event-stream`); null sends none.
   * Curbside hands only `text/event-stream` requests the socket takeover (lib/server/raw-response.ts);
   * without it a stream stays in Next's Response pipeline, so `none` measures that path.
   */
  sseAccept: string | null;
  /** Write a heap snapshot of each target once its connections are open (into outDir). */
  heapSnapshot: boolean;
  /** Run each target with --cpu-prof (a .cpuprofile in outDir when it exits). */
  cpuProf: boolean;
}

export class ArgsError extends Error {
  override readonly name = 'ArgsError';
  readonly code = 'BENCH_BAD_ARGS';
}

/** A worker holds its share of connections; one process can open well under 20,000 files. */
export const MAX_CONNECTIONS_PER_WORKER = 15_000;

const DEFAULT_TARGETS: Record<Scenario, TargetName[]> = {
  idle: ['curbside', 'bare', 'socketio'],
  fanout: ['curbside', 'bare', 'socketio'],
  surge: ['curbside', 'bare', 'socketio'],
  chat: ['curbside', 'bare', 'socketio'],
  storm: ['curbside'],
};
const DEFAULT_DURATION_S: Record<Scenario, number> = { idle: 10, fanout: 20, surge: 20, chat: 20, storm: 10 };

export const USAGE = `Usage: npm run bench -- <scenario> [flags]

Scenarios:
  idle     memory per idle SSE connection and per idle WebSocket connection
  fanout   each rider's ride stream gets one location event a second on its own topic
  surge    one surge event broadcast to every SSE client, once per interval
  chat     WebSocket chat: riders send, rider and driver both receive (vs bare ws, Socket.IO)
  storm    reconnect storm: every SSE client dropped by a server restart (Curbside only)

Flags:
  --sse N                  SSE clients (default 2000)
  --ws M                   WebSocket clients (default 2000; chat: M/2 rider-driver pairs)
  --duration S             seconds of measured load (default idle 10, storm 10, others 20)
  --workers K              client worker processes (default 2)
  --targets a,b            curbside, bare, socketio (default: all three; storm: curbside)
  --interval MS            publish interval per topic / per broadcast (default 1000)
  --chat-interval MS       each rider sends one message this often (default 2000)
  --connect-concurrency C  connections each worker opens at once (default 64)
  --bus memory|redis       Curbside's bus (default memory; storm: redis)
  --redis-url URL          default redis://127.0.0.1:6379
  --database-url URL       Curbside on PostgreSQL (a database of its own: the bench adds rows);
                           default: a fresh embedded PGlite per server
  --log-level L            Curbside's LOG_LEVEL (default warn: no line per connection)
  --kill                   storm: SIGKILL the server instead of SIGTERM
  --storm-timeout S        storm: give up waiting for all clients after S seconds (default 90)
  --sse-accept V|none      SSE clients' Accept header (default text/event-stream, as EventSource;
                           none: Curbside keeps the stream in Next's Response pipeline)
  --heap-snapshot          write each target's V8 heap snapshot once its connections are open
  --cpu-prof               run each target with node --cpu-prof (profiles in a directory under --out)
  --out DIR                where JSON results go (default bench/results)
`;

function int(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ArgsError(`--${name} must be a whole number (got ${JSON.stringify(value)})`);
  const n = Number(value);
  if (n < min || n > max) throw new ArgsError(`--${name} must be between ${min} and ${max} (got ${n})`);
  return n;
}

/** Parses `argv` (without node and the script). Throws `ArgsError` with a message for the user. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        sse: { type: 'string' }, ws: { type: 'string' }, duration: { type: 'string' }, workers: { type: 'string' },
        targets: { type: 'string' }, interval: { type: 'string' }, 'chat-interval': { type: 'string' },
        'connect-concurrency': { type: 'string' }, bus: { type: 'string' }, 'redis-url': { type: 'string' }, 'database-url': { type: 'string' },
        'log-level': { type: 'string' }, kill: { type: 'boolean' }, 'storm-timeout': { type: 'string' },
        out: { type: 'string' }, 'sse-accept': { type: 'string' }, 'heap-snapshot': { type: 'boolean' }, 'cpu-prof': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new ArgsError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new ArgsError(`name one scenario: ${SCENARIOS.join(', ')}`);
  const scenario = positionals[0] as Scenario;
  if (!SCENARIOS.includes(scenario)) throw new ArgsError(`unknown scenario ${JSON.stringify(positionals[0])}: use ${SCENARIOS.join(', ')}`);

  const targets = values.targets === undefined
    ? DEFAULT_TARGETS[scenario]
    : values.targets.split(',').map((t) => t.trim()).filter(Boolean) as TargetName[];
  for (const target of targets) {
    if (!TARGETS.includes(target)) throw new ArgsError(`unknown target ${JSON.stringify(target)}: use ${TARGETS.join(', ')}`);
  }
  if (targets.length === 0) throw new ArgsError('--targets is empty');
  if (scenario === 'storm' && targets.some((t) => t !== 'curbside')) throw new ArgsError('storm runs against curbside only');

  const bus = values.bus ?? (scenario === 'storm' ? 'redis' : 'memory');
  if (bus !== 'memory' && bus !== 'redis') throw new ArgsError(`--bus must be memory or redis (got ${JSON.stringify(bus)})`);

  const options: BenchOptions = {
    scenario,
    sse: int('sse', values.sse, 2000, 1, 200_000),
    ws: int('ws', values.ws, 2000, 2, 200_000),
    durationS: int('duration', values.duration, DEFAULT_DURATION_S[scenario], 1, 3600),
    workers: int('workers', values.workers, 2, 1, 64),
    targets: [...new Set(targets)],
    intervalMs: int('interval', values.interval, 1000, 10, 60_000),
    chatIntervalMs: int('chat-interval', values['chat-interval'], 2000, 100, 60_000),
    connectConcurrency: int('connect-concurrency', values['connect-concurrency'], 64, 1, 10_000),
    logLevel: values['log-level'] ?? 'warn',
    bus,
    redisUrl: values['redis-url'] ?? 'redis://127.0.0.1:6379',
    databaseUrl: values['database-url'] ?? '',
    outDir: values.out ?? 'bench/results',
    kill: values.kill ?? false,
    stormTimeoutS: int('storm-timeout', values['storm-timeout'], 90, 5, 3600),
    sseAccept: values['sse-accept'] === 'none' ? null : (values['sse-accept'] ?? 'text/event-stream'),
    heapSnapshot: values['heap-snapshot'] ?? false,
    cpuProf: values['cpu-prof'] ?? false,
  };
  if (options.sseAccept !== null && !/^[\x21-\x7e][\x20-\x7e]{0,199}$/.test(options.sseAccept)) {
    throw new ArgsError('--sse-accept must be a printable header value or none');
  }
  if (options.databaseUrl && !/^postgres(ql)?:\/\//.test(options.databaseUrl)) throw new ArgsError('--database-url must start with postgres://');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(options.logLevel)) {
    throw new ArgsError(`--log-level must be a pino level (got ${JSON.stringify(options.logLevel)})`);
  }
  const perWorker = Math.ceil(connectionsOf(options) / options.workers);
  if (perWorker > MAX_CONNECTIONS_PER_WORKER) {
    throw new ArgsError(`${perWorker} connections per worker is over ${MAX_CONNECTIONS_PER_WORKER} (the open-file limit is 20000): raise --workers`);
  }
  return options;
}

/** The most connections the scenario holds at once (what the workers must fit). */
export function connectionsOf(options: Pick<BenchOptions, 'scenario' | 'sse' | 'ws'>): number {
  switch (options.scenario) {
    case 'idle':
      return Math.max(options.sse, options.ws);
    case 'chat':
      return options.ws;
    default:
      return options.sse;
  }
}
