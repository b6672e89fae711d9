/**
 * `npm run bench -- <scenario> [flags]`: runs one scenario against each target in turn (same
 * machine, same clients, same payloads), prints the tables and writes the JSON to bench/results/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArgsError, clientsFor, parseBenchArgs, USAGE, type BenchOptions } from './lib/args';
import { installCleanup, stopAll } from './harness/children';
import { WorkerPool } from './harness/workers';
import type { Context, TargetResult } from './scenarios/common';
import { connectionTable, costTable, errorLines, idleTable, instanceTable, latencyTable } from './scenarios/report';
import { runSockets } from './scenarios/sockets';
import { runStorm, stormSpreadTable, stormTables, type StormResult } from './scenarios/storm';
import { runStreams } from './scenarios/streams';

interface Section {
  title: string;
  results: TargetResult[];
}

/** What ran: the machine, the commit, uncommitted changes in the tree, and when .next was built. */
function machine() {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  let buildTime: string | null = null;
  try {
    buildTime = statSync(path.join('.next', 'BUILD_ID')).mtime.toISOString();
  } catch {
    // no build
  }
  return {
    cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', totalMemGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version, platform: `${os.platform()} ${os.release()}`,
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    uncommitted: git('status', '--porcelain').split('\n').filter(Boolean).slice(0, 100),
    nextBuildTime: buildTime,
  };
}

function notes(options: BenchOptions): string[] {
  const n = options.instances;
  const baselines = options.targets.filter((t) => t !== 'curbside');
  return [
    `clients: ${options.workers} worker process(es) on node:http (keep-alive Agent), ws and socket.io-client; "client CPU" is their total`,
    'sign-in: every Curbside client is its own user, signed in through POST /api/session (server started with SIGN_IN_RATE_PER_MINUTE=1000000); no shared cookies',
    `curbside: production build (.next, server compiled to .next/curbside/main.js as npm start runs it) + bench hook, LOG_LEVEL=${options.logLevel}, bus=${options.bus}, db=${options.databaseUrl ? 'postgres' : 'pglite (embedded)'}, SIM_DRIVERS=0, SURGE_INTERVAL_MS=3600000; events go through bus.publish inside the server`,
    ...(n > 1 ? [
      `curbside×${n}: ${n} server processes, each its own port and DATA_DIR, one SESSION_SECRET, one REDIS_PREFIX (bus=redis), one PostgreSQL database; `
        + `client i streams from instance i mod ${n} after signing in on instance (i+1) mod ${n} (no sticky sessions); rides seeded and events published through curbside#1's hook, the Redis bus carries them to the others`,
      `curbside×${n} figures are totals over the instances (RSS, heap, CPU, sockets; loop delay: the worst instance; peak sockets: each instance's peak, added); each instance is on its own row in the per-instance table`,
      ...(baselines.length ? [`${baselines.join(', ')}: one process with one instance's share of the clients (${n} instances: ${clientsFor(options, 'bare', options.sse).toLocaleString('en-US')} of ${options.sse.toLocaleString('en-US')} SSE${options.scenario === 'idle' || options.scenario === 'chat' || options.scenario === 'chat-fanout' ? `, ${clientsFor(options, 'bare', options.ws).toLocaleString('en-US')} of ${options.ws.toLocaleString('en-US')} WebSocket` : ''}), so per-connection and per-event ratios compare processes under the same load`] : []),
    ] : []),
    'bare: node:http SSE + ws with the same wire format and payload bytes, no auth/bus/history; socketio: Socket.IO 4 rooms, websocket transport only',
    'memory per connection: (after − before opening) / connections, each after forced GCs (--expose-gc), warm-up connections excluded; released: RSS after V8\'s memory-reducing GC (gc flavor last-resort) as well; open CPU: server CPU over the same two readings / connections',
    'loop p99/max: perf_hooks.monitorEventLoopDelay on a 10 ms timer, so about 10 ms means no delay; CPU: process.cpuUsage of the server over the window, drain included; main-thread: the same from /proc/<pid>/task/<pid>/stat (the rest is V8\'s GC helpers and libuv\'s pool)',
    ...(options.databaseUrl ? ['server CPU is the Node process only: PostgreSQL\'s own CPU (another process) is not in it'] : []),
    ...(options.scenario === 'chat' ? ['chat: "delivered" counts both copies of each message (the other participant and the sender\'s own socket); expected = 2 × acknowledged'] : []),
    ...(options.scenario === 'chat-fanout' ? [
      'chat-fanout: no client sends; each target publishes one stamped chat message per ride per interval from inside the server (curbside: the frame sendChat delivers after its commit, '
        + 'through rides.deliver to the rider and to the driver: their connections on this instance, and with --bus redis bus topic user:<id> for the others; bare: the same frame JSON to both sockets of the ride; socketio: io.to(ride).emit). No database write',
      'chat-fanout: "delivered" counts both copies of each message (rider and driver); expected = 2 × published',
    ] : []),
    ...(options.sseAccept === 'text/event-stream' ? [] : [`SSE clients send ${options.sseAccept === null ? 'no Accept header' : `Accept: ${options.sseAccept}`} (Curbside then keeps the stream in Next's Response pipeline)`]),
  ];
}

async function runScenario(ctx: Context): Promise<{ sections: Section[]; storms?: StormResult[] }> {
  const { options } = ctx;
  const sections: Section[] = [];
  switch (options.scenario) {
    case 'idle': {
      const sse: TargetResult[] = [];
      for (const name of options.targets.filter((t) => t !== 'socketio')) sse.push(await runStreams(ctx, name, 'idle'));
      if (sse.length) sections.push({ title: `Idle SSE connections (${options.sse})`, results: sse });
      // --ws 0: the SSE part only (the 50,000-connection multi-instance run).
      if (options.ws > 0) {
        const ws: TargetResult[] = [];
        for (const name of options.targets) ws.push(await runSockets(ctx, name, 'idle'));
        sections.push({ title: `Idle WebSocket connections (${options.ws})`, results: ws });
      }
      return { sections };
    }
    case 'fanout':
    case 'surge': {
      const results: TargetResult[] = [];
      for (const name of options.targets) results.push(await runStreams(ctx, name, options.scenario));
      const what = options.scenario === 'fanout'
        ? `Location fan-out: ${options.sse} ride streams, one event per ${options.intervalMs} ms each, ${options.durationS} s`
        : `Surge broadcast: one event per ${options.intervalMs} ms to ${options.sse} streams, ${options.durationS} s`;
      sections.push({ title: what, results });
      return { sections };
    }
    case 'chat': {
      const results: TargetResult[] = [];
      for (const name of options.targets) results.push(await runSockets(ctx, name, 'chat'));
      sections.push({ title: `Chat: ${Math.floor(options.ws / 2)} rider-driver pairs, each rider sends every ${options.chatIntervalMs} ms, ${options.durationS} s`, results });
      return { sections };
    }
    case 'chat-fanout': {
      const results: TargetResult[] = [];
      for (const name of options.targets) results.push(await runSockets(ctx, name, 'chat-fanout'));
      sections.push({ title: `Chat fan-out: ${Math.floor(options.ws / 2)} rider-driver pairs, one message per ride every ${options.chatIntervalMs} ms published inside the server, ${options.durationS} s`, results });
      return { sections };
    }
    case 'storm': {
      const storms: StormResult[] = [];
      for (let k = 1; k <= options.repeat; k++) {
        if (options.repeat > 1) ctx.log(`storm ${k} of ${options.repeat}:`);
        storms.push(await runStorm(ctx));
      }
      return { sections, storms };
    }
  }
}

function print(sections: Section[], storms: readonly StormResult[], options: BenchOptions): string {
  const out: string[] = [];
  for (const section of sections) {
    out.push(`\n## ${section.title}\n`, connectionTable(section.results));
    if (section.results.some((r) => r.idle)) out.push('', idleTable(section.results));
    if (section.results.some((r) => r.load)) out.push('', latencyTable(section.results), '', costTable(section.results));
    const perInstance = instanceTable(section.results);
    if (perInstance) out.push('', 'per instance:', '', perInstance);
    out.push(...errorLines(section.results).map((line) => `\n${line}`));
  }
  storms.forEach((storm, k) => out.push(...stormTables(storm, storms.length > 1 ? `run ${k + 1} of ${storms.length}` : '')));
  if (storms.length > 1) out.push(...stormSpreadTable(storms));
  out.push('', ...notes(options).map((line) => `- ${line}`));
  return out.join('\n');
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ArgsError) {
      console.error(`bench: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return;
  }
  const options = parsed;
  installCleanup();
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const log = (message: string) => console.error(message);
  log(`bench ${options.scenario}: ${options.targets.map((t) => (t === 'curbside' && options.instances > 1 ? `curbside×${options.instances}` : t)).join(', ')} · ${options.workers} workers · load average ${loadBefore.map((n) => n.toFixed(2)).join(' ')}`);
  const workers = await WorkerPool.start(options.workers, options.sseAccept);
  let run = 0;
  const ctx: Context = { options, workers, nextRun: () => ++run, log };
  try {
    const { sections, storms = [] } = await runScenario(ctx);
    const loadAfter = os.loadavg();
    const text = print(sections, storms, options);
    const where = machine();
    const header = `# bench ${options.scenario} · ${startedAt.toISOString()} · ${where.cpus} CPUs · node ${process.version} · commit ${where.commit}${where.uncommitted.length ? ` + ${where.uncommitted.length} uncommitted` : ''} · load average before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${loadAfter.map((n) => n.toFixed(2)).join(' ')}`;
    console.log(`${header}\n${text}`);
    mkdirSync(options.outDir, { recursive: true });
    const file = path.join(options.outDir, `${options.scenario}-${startedAt.toISOString().replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`);
    const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
    writeFileSync(file, `${JSON.stringify({ command, scenario: options.scenario, options, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine: where, loadAverage: { before: loadBefore, after: loadAfter }, notes: notes(options), sections, storms }, null, 2)}\n`);
    console.log(`\nJSON: ${file}`);
  } finally {
    await workers.stop().catch(() => undefined);
    await stopAll();
  }
}

main().catch(async (error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  await stopAll();
  process.exit(1);
});
