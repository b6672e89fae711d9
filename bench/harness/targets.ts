/**
 * Starts the servers under test, each a child process with --expose-gc answering the IPC
 * interface of targets/api.ts: Curbside (`server/main.ts` from the existing production build,
 * plus the bench-only hook through an extra `--import`), the bare node:http + ws baseline, and
 * Socket.IO.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchOptions, TargetName } from '../lib/args';
import type { TargetApi } from '../targets/api';
import { forkChild, type Child } from './children';
import { freePort, waitForHttp } from './http-probe';

export interface TargetEnv {
  /** Curbside only: one data dir, secret and Redis prefix per target, kept across a restart. */
  dataDir: string;
  sessionSecret: string;
  redisPrefix: string;
}

export interface RunningTarget {
  name: TargetName;
  port: number;
  child: Child<TargetApi>;
  env: TargetEnv;
  /** Milliseconds from fork to answering HTTP. */
  startMs: number;
}

const START_TIMEOUT_MS = 120_000;
const HOOK = path.join('bench', 'targets', 'curbside-hook.ts');

/** Data dirs not yet removed: removed at exit too, so Ctrl-C leaves no database behind. */
const liveEnvs = new Set<TargetEnv>();
process.on('exit', () => {
  for (const env of liveEnvs) removeTargetEnv(env);
});

export function newTargetEnv(): TargetEnv {
  const env = {
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'curbside-bench-')),
    sessionSecret: randomBytes(32).toString('base64url'),
    redisPrefix: `curbside-bench-${process.pid}-${Date.now()}:`,
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

/** Starts `name` and waits until it answers HTTP. `port`/`env` are given when restarting (storm). */
export async function startTarget(name: TargetName, options: BenchOptions, given?: { port: number; env: TargetEnv }): Promise<RunningTarget> {
  if (name === 'curbside' && !existsSync(path.join('.next', 'BUILD_ID'))) {
    throw new Error('no production build in .next/ (run `npm run build` first, or wait for the one in progress)');
  }
  const port = given?.port ?? (await freePort());
  const env = given?.env ?? newTargetEnv();
  const started = performance.now();
  // A directory per target: tsx's loader thread writes a profile of its own beside the main thread's (the larger one).
  const profile = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.outDir, `cpuprofile-${options.scenario}-${name}-${Date.now()}`)}`] : [];
  let child: Child<TargetApi>;
  if (name === 'curbside') {
    child = forkChild<TargetApi>('curbside', path.join('server', 'main.ts'), {
      execArgv: ['--expose-gc', ...profile, '--import', 'tsx', '--import', `./${HOOK}`],
      env: curbsideEnv(options, port, env),
    });
  } else {
    child = forkChild<TargetApi>(name, path.join('bench', 'targets', `${name === 'bare' ? 'bare' : 'socketio'}.ts`), {
      execArgv: ['--expose-gc', ...profile, '--import', 'tsx'],
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
    throw new Error(`${name} did not start: ${(error as Error).message}\n${child.tail()}`);
  }
  return { name, port, child, env, startMs: performance.now() - started };
}

export async function stopTarget(target: RunningTarget, options: { keepEnv?: boolean; signal?: NodeJS.Signals } = {}): Promise<void> {
  await target.child.stop(options.signal ?? 'SIGTERM');
  if (!options.keepEnv) removeTargetEnv(target.env);
}
