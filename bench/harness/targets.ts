/**
 * Starts the servers under test, each a child process with --expose-gc answering the IPC
 * interface of targets/api.ts: Curbside (the production build, `.next/curbside/main.js` as
 * `npm start` runs it, plus the bench-only hook through an extra `--require`), the bare
 * node:http + ws baseline, and Socket.IO. Every one runs compiled (see bundle.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVER_BUNDLE } from '../../server/root';
import type { BenchOptions, TargetName } from '../lib/args';
import type { TargetApi } from '../targets/api';
import { bundled } from './bundle';
import { forkChild, type Child } from './children';
import { freePort, waitForHttp } from './http-probe';
import { dropKeys } from './redis';

export interface TargetEnv {
  /**
   * Curbside only: a data dir per process (a data dir is locked by one process), kept across a
   * restart; the session secret and Redis prefix are shared by every instance of one target.
   */
  dataDir: string;
  sessionSecret: string;
  redisPrefix: string;
}

export interface RunningTarget {
  name: TargetName;
  /** 0-based instance number (always 0 for a baseline); `label` names it in tables and errors. */
  instance: number;
  label: string;
  port: number;
  child: Child<TargetApi>;
  env: TargetEnv;
  /** Milliseconds from fork to answering HTTP. */
  startMs: number;
}

/**
 * A target as the scenarios see it: one process, or (Curbside with --instances N) N processes
 * sharing one session secret, one Redis prefix (bus) and one PostgreSQL database.
 */
export interface Cluster {
  name: TargetName;
  instances: RunningTarget[];
  /** The instance whose hook seeds rides and publishes (the bus carries it to the others). */
  hook: RunningTarget;
  /** Milliseconds from the first fork until every instance answered HTTP. */
  startMs: number;
  /** Curbside on the Redis bus: the run's keys, removed when it stops. */
  redis?: { url: string; prefix: string };
}

const START_TIMEOUT_MS = 120_000;
const HOOK = path.join('bench', 'targets', 'curbside-hook.ts');

/** Data dirs not yet removed: removed at exit too, so Ctrl-C leaves no database behind. */
const liveEnvs = new Set<TargetEnv>();
process.on('exit', () => {
  for (const env of liveEnvs) removeTargetEnv(env);
});

/** A fresh data dir; with `shared`, the secret and Redis prefix of another instance of the same target. */
export function newTargetEnv(shared?: Pick<TargetEnv, 'sessionSecret' | 'redisPrefix'>): TargetEnv {
  const env = {
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'curbside-bench-')),
    sessionSecret: shared?.sessionSecret ?? randomBytes(32).toString('base64url'),
    redisPrefix: shared?.redisPrefix ?? `curbside-bench-${process.pid}-${Date.now()}:`,
  };
  liveEnvs.add(env);
  return env;
}

export function removeTargetEnv(env: TargetEnv): void {
  liveEnvs.delete(env);
  rmSync(env.dataDir, { recursive: true, force: true });
  rmSync(`${env.dataDir}.lock`, { force: true });
}

function curbsideEnv(options: BenchOptions, port: number, env: TargetEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: env.dataDir,
    SESSION_SECRET: env.sessionSecret,
    SIM_DRIVERS: '0',
    LOG_LEVEL: options.logLevel,
    // Thousands of bench users sign in from 127.0.0.1.
    SIGN_IN_RATE_PER_MINUTE: '1000000',
    // No surge rounds of the app's own in the middle of a measurement (seeded rides are demand).
    SURGE_INTERVAL_MS: '3600000',
    REDIS_URL: options.bus === 'redis' ? options.redisUrl : '',
    // Explicit, so a DATABASE_URL in the caller's environment (the tests' database) is never used.
    DATABASE_URL: options.databaseUrl,
    REDIS_PREFIX: env.redisPrefix,
  };
}

/**
 * Starts `name` and waits until it answers HTTP. `port`/`env` are given when restarting (storm);
 * `instance` numbers the processes of one multi-instance target.
 */
export async function startTarget(name: TargetName, options: BenchOptions, given?: { port: number; env: TargetEnv }, instance = 0, instances = 1): Promise<RunningTarget> {
  if (name === 'curbside' && (!existsSync(path.join('.next', 'BUILD_ID')) || !existsSync(SERVER_BUNDLE))) {
    throw new Error('no production build in .next/ (run `npm run build` first, or wait for the one in progress)');
  }
  const port = given?.port ?? (await freePort());
  const env = given?.env ?? newTargetEnv();
  const started = performance.now();
  // A directory per target (a worker thread would write a profile of its own beside the main thread's).
  const label = instances > 1 ? `${name}#${instance + 1}` : name;
  const profile = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.outDir, `cpuprofile-${options.scenario}-${label}-${Date.now()}`)}`] : [];
  let child: Child<TargetApi>;
  if (name === 'curbside') {
    child = forkChild<TargetApi>(label, SERVER_BUNDLE, {
      execArgv: ['--expose-gc', ...profile, '--require', `./${await bundled(HOOK)}`],
      env: curbsideEnv(options, port, env),
    });
  } else {
    child = forkChild<TargetApi>(name, await bundled(path.join('bench', 'targets', `${name === 'bare' ? 'bare' : 'socketio'}.ts`)), {
      execArgv: ['--expose-gc', ...profile],
      env: { ...process.env, PORT: String(port) },
    });
  }
  let alive = true;
  void child.exited.then(() => void (alive = false));
  try {
    await child.rpc.call('ready', null, START_TIMEOUT_MS);
    await waitForHttp(port, '/api/health', START_TIMEOUT_MS, () => alive);
  } catch (error) {
    await child.stop('SIGKILL');
    if (!given) removeTargetEnv(env);
    throw new Error(`${label} did not start: ${(error as Error).message}\n${child.tail()}`);
  }
  return { name, instance, label, port, child, env, startMs: performance.now() - started };
}

/**
 * Starts a target's processes: Curbside `options.instances` of them, a baseline one. The
 * instances start at once: each has its own port and data dir, all the same SESSION_SECRET and
 * REDIS_PREFIX (and the one --database-url). Starting together is safe on one PostgreSQL
 * database: lib/db/migrate.ts takes an advisory lock per migration transaction and re-checks
 * what is applied, so each migration runs once. If one fails to start, the others are stopped.
 */
export async function startCluster(name: TargetName, options: BenchOptions): Promise<Cluster> {
  const count = name === 'curbside' ? options.instances : 1;
  const started = performance.now();
  const first = newTargetEnv();
  const envs = [first, ...Array.from({ length: count - 1 }, () => newTargetEnv(first))];
  // One after another, so two instances cannot be handed the same just-freed port.
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const settled = await Promise.allSettled(envs.map((env, i) => startTarget(name, options, { port: ports[i]!, env }, i, count)));
  const instances = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
  if (failed.length) {
    await Promise.all(instances.map((t) => t.child.stop('SIGKILL')));
    for (const env of envs) removeTargetEnv(env);
    throw new Error(failed.map((e) => e.message).join('\n\n'));
  }
  const redis = name === 'curbside' && options.bus === 'redis' ? { url: options.redisUrl, prefix: first.redisPrefix } : undefined;
  return { name, instances, hook: instances[0]!, startMs: performance.now() - started, redis };
}

/** One started process as a one-instance cluster (storm restarts its single server itself). */
export const asCluster = (target: RunningTarget): Cluster => ({ name: target.name, instances: [target], hook: target, startMs: target.startMs });

/** Stops every instance, removes their data dirs and (Redis bus) the run's keys. */
export async function stopCluster(cluster: Cluster): Promise<void> {
  await Promise.all(cluster.instances.map((t) => stopTarget(t)));
  if (cluster.redis) await dropKeys(cluster.redis.url, cluster.redis.prefix).catch(() => undefined);
}

export async function stopTarget(target: RunningTarget, options: { keepEnv?: boolean; signal?: NodeJS.Signals } = {}): Promise<void> {
  await target.child.stop(options.signal ?? 'SIGTERM');
  if (!options.keepEnv) removeTargetEnv(target.env);
}
