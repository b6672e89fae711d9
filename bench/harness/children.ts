/**
 * Every process the harness starts (target servers, client workers) is registered here, so that
 * all of them stop when the harness ends: normally, on an error, or on Ctrl-C. Each child also
 * exits by itself when its IPC channel closes (the harness died without cleaning up).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { createRpcClient, type RpcClient } from '../lib/rpc';

export interface Child<Api> {
  label: string;
  process: ChildProcess;
  rpc: RpcClient<Api>;
  /** Resolves with the exit code (or the signal's name) when the process has exited. */
  exited: Promise<number | string>;
  /** The last lines the child printed (for the error message when it dies). */
  tail(): string;
  /** SIGTERM (or `signal`), then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const live = new Set<Child<unknown>>();
const TAIL_LINES = 40;

export function forkChild<Api>(label: string, modulePath: string, options: { execArgv: string[]; env?: NodeJS.ProcessEnv; quiet?: boolean }): Child<Api> {
  const child = fork(modulePath, [], {
    execArgv: options.execArgv,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line.slice(0, 500));
      if (lines.length > TAIL_LINES) lines.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // BENCH_CHILD_LOG_DIR=dir: everything each child prints, whole, in dir/<label>-<pid>.log
  // (servers log at LOG_LEVEL, warn unless set), for a run that needs explaining.
  const logDir = process.env.BENCH_CHILD_LOG_DIR;
  if (logDir) {
    const file = createWriteStream(path.join(logDir, `${label.replace(/[^\w#-]+/g, '_')}-${child.pid}.log`));
    child.stdout?.pipe(file, { end: false });
    child.stderr?.pipe(file, { end: false });
  }
  const rpc = createRpcClient<Api>(child, label);
  let exitedWith: number | string | undefined;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedWith = code ?? signal ?? 'unknown';
      rpc.fail(`exited (${exitedWith}); last output:\n${lines.slice(-10).join('\n')}`);
      live.delete(handle as Child<unknown>);
      resolve(exitedWith);
    });
  });
  const handle: Child<Api> = {
    label,
    process: child,
    rpc,
    exited,
    tail: () => lines.join('\n'),
    async stop(signal = 'SIGTERM', graceMs = 12_000) {
      if (exitedWith !== undefined) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  live.add(handle as Child<unknown>);
  return handle;
}

/** Stops every child still running (in parallel). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((child) => child.stop('SIGTERM', 12_000).catch(() => undefined)));
}

/** On Ctrl-C / SIGTERM: stop the children, then exit 130. On any exit: SIGKILL what is left. */
export function installCleanup(onSignal: () => Promise<void> = async () => {}): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    console.error(`\nbench: ${signal}: stopping every server and worker…`);
    void Promise.resolve()
      .then(onSignal)
      .finally(() => stopAll().finally(() => process.exit(130)));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.on('exit', () => {
    for (const child of live) child.process.kill('SIGKILL');
  });
}
