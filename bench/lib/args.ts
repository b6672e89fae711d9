/** `npm run bench -- <scenario> [flags]`: the command line, parsed and checked before anything starts. */
import { parseArgs } from 'node:util';
import { perProcess } from './placement';

export const SCENARIOS = ['idle', 'fanout', 'surge', 'chat', 'chat-fanout', 'storm'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const TARGETS = ['curbside', 'bare', 'socketio'] as const;
export type TargetName = (typeof TARGETS)[number];

export interface BenchOptions {
  scenario: Scenario;
  /** SSE clients (idle, fanout, surge, storm); Socket.IO stands in with as many sockets. */
  sse: number;
  /** WebSocket clients (idle; chat and chat-fanout: half riders, half drivers); idle with 0 skips its WebSocket part. */
  ws: number;
  /** Seconds of measured load (idle: how long the connections sit idle; storm: steady state before the drop). */
  durationS: number;
  workers: number;
  /**
   * Curbside server processes sharing Redis and one PostgreSQL database (needs --bus redis and
   * --database-url when over 1). The baselines stay one process, loaded like one instance.
   */
  instances: number;
  targets: TargetName[];
  /** Per-topic publish interval (fanout), broadcast interval (surge, storm). */
  intervalMs: number;
  /**
   * chat: each rider sends one chat message this often (the server allows 1/s per user after a
   * burst of 10); chat-fanout: the target publishes one message per ride this often.
   */
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
  /** storm: how many storms to run one after another (each on a fresh server), for their spread. */
  repeat: number;
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
/** One server process (a Curbside instance, a baseline) holds this many at most: 20,000 files, less its own. */
export const MAX_CONNECTIONS_PER_SERVER = 19_000;
export const MAX_INSTANCES = 16;

const DEFAULT_TARGETS: Record<Scenario, TargetName[]> = {
  idle: ['curbside', 'bare', 'socketio'],
  fanout: ['curbside', 'bare', 'socketio'],
  surge: ['curbside', 'bare', 'socketio'],
  chat: ['curbside', 'bare', 'socketio'],
  'chat-fanout': ['curbside', 'bare', 'socketio'],
  storm: ['curbside'],
};
const DEFAULT_DURATION_S: Record<Scenario, number> = { idle: 10, fanout: 20, surge: 20, chat: 20, 'chat-fanout': 20, storm: 10 };

export const USAGE = `Usage: npm run bench -- <scenario> [flags]

Scenarios:
  idle     memory per idle SSE connection and per idle WebSocket connection
  fanout   each rider's ride stream gets one location event a second on its own topic
  surge    one surge event broadcast to every SSE client, once per interval
  chat     WebSocket chat: riders send, rider and driver both receive (vs bare ws, Socket.IO)
  chat-fanout
           the delivery half of chat: the same pairs, nobody sends; the server publishes one
           message per ride per chat interval to its rider and driver (no database write)
  storm    reconnect storm: every SSE client dropped by a server restart (Curbside only)

Flags:
  --sse N                  SSE clients (default 2000)
  --ws M                   WebSocket clients (default 2000; chat, chat-fanout: M/2 rider-driver
                           pairs; idle: 0 skips the WebSocket part)
  --duration S             seconds of measured load (default idle 10, storm 10, others 20)
  --workers K              client worker processes (default 2)
  --instances N            Curbside server processes sharing Redis and PostgreSQL (default 1;
                           over 1 needs --bus redis and --database-url; not for storm). Client i
                           streams from instance i mod N, signed in on instance (i+1) mod N.
                           Baselines stay one process with the per-instance share of clients
  --targets a,b            curbside, bare, socketio (default: all three; storm: curbside)
  --interval MS            publish interval per topic / per broadcast (default 1000)
  --chat-interval MS       chat: each rider sends one message this often; chat-fanout: one
                           message per ride this often (default 2000)
  --connect-concurrency C  connections each worker opens at once (default 64)
  --bus memory|redis       Curbside's bus (default memory; storm: redis)
  --redis-url URL          default redis://127.0.0.1:6379
  --database-url URL       Curbside on PostgreSQL (a database of its own: the bench adds rows);
                           default: a fresh embedded PGlite per server
  --log-level L            Curbside's LOG_LEVEL (default warn: no line per connection)
  --kill                   storm: SIGKILL the server instead of SIGTERM
  --storm-timeout S        storm: give up waiting for all clients after S seconds (default 90)
  --repeat N               storm: run N storms one after another, each on a fresh server, and
                           print their spread (default 1; one run varies a lot)
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
        sse: { type: 'string' }, ws: { type: 'string' }, duration: { type: 'string' }, workers: { type: 'string' }, instances: { type: 'string' },
        targets: { type: 'string' }, interval: { type: 'string' }, 'chat-interval': { type: 'string' },
        'connect-concurrency': { type: 'string' }, bus: { type: 'string' }, 'redis-url': { type: 'string' }, 'database-url': { type: 'string' },
        'log-level': { type: 'string' }, kill: { type: 'boolean' }, 'storm-timeout': { type: 'string' }, repeat: { type: 'string' },
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
    ws: int('ws', values.ws, 2000, 0, 200_000),
    durationS: int('duration', values.duration, DEFAULT_DURATION_S[scenario], 1, 3600),
    workers: int('workers', values.workers, 2, 1, 64),
    instances: int('instances', values.instances, 1, 1, MAX_INSTANCES),
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
    repeat: int('repeat', values.repeat, 1, 1, 20),
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
  if ((scenario === 'chat' || scenario === 'chat-fanout') && options.ws < 2) {
    throw new ArgsError(`${scenario} needs --ws of at least 2 (a rider and a driver; got ${options.ws})`);
  }
  if (options.repeat > 1 && scenario !== 'storm') throw new ArgsError('--repeat is for storm only (the other scenarios vary little between runs)');
  if (options.instances > 1) checkInstances(options);
  const perWorker = Math.ceil(connectionsOf(options) / options.workers);
  if (perWorker > MAX_CONNECTIONS_PER_WORKER) {
    throw new ArgsError(`${perWorker} connections per worker is over ${MAX_CONNECTIONS_PER_WORKER} (the open-file limit is 20000): raise --workers`);
  }
  const perServer = perProcess(connectionsOf(options), options.instances);
  if (perServer > MAX_CONNECTIONS_PER_SERVER) {
    throw new ArgsError(`${perServer} connections per server process is over ${MAX_CONNECTIONS_PER_SERVER} (the open-file limit is 20000): `
      + 'raise --instances (Curbside; the baselines then hold one instance\'s share)');
  }
  return options;
}

/** `--instances` over 1: only where the instances can share state, and only for what supports it. */
function checkInstances(options: BenchOptions): void {
  const n = options.instances;
  if (options.scenario === 'storm') {
    throw new ArgsError(`storm restarts one Curbside instance on its own port; --instances ${n} is not supported there (leave it at 1)`);
  }
  if (!options.targets.includes('curbside')) throw new ArgsError(`--instances ${n} applies to the curbside target only: add curbside to --targets`);
  if (options.bus !== 'redis') {
    throw new ArgsError(`--instances ${n} needs --bus redis: with the in-memory bus an event published on one instance never reaches the clients of the others`);
  }
  if (!options.databaseUrl) {
    throw new ArgsError(`--instances ${n} needs --database-url postgres://…: without it each instance opens its own embedded PGlite database, `
      + 'so a user signed in or a ride seeded on one does not exist on the others');
  }
}

/**
 * Clients a target gets out of `total`: Curbside all of them (spread over its instances); a
 * baseline, one process, the share of one Curbside instance, so that both hold as many
 * connections per process (and neither goes over the per-process limit).
 */
export function clientsFor(options: Pick<BenchOptions, 'instances'>, target: TargetName, total: number): number {
  return target === 'curbside' ? total : perProcess(total, options.instances);
}

/** How many Curbside processes a target runs as (baselines: one). */
export const instancesOf = (options: Pick<BenchOptions, 'instances'>, target: TargetName): number => (target === 'curbside' ? options.instances : 1);

/** The most connections the scenario holds at once (what the workers must fit). */
export function connectionsOf(options: Pick<BenchOptions, 'scenario' | 'sse' | 'ws'>): number {
  switch (options.scenario) {
    case 'idle':
      return Math.max(options.sse, options.ws);
    case 'chat':
    case 'chat-fanout':
      return options.ws;
    default:
      return options.sse;
  }
}
