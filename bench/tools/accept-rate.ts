/**
 * How fast a busy Node server accepts connections: a plain `net` server whose event loop is kept
 * busy by a chain of `setImmediate` turns of a fixed length, and N clients that connect at once.
 * Prints connections accepted per loop turn and per second, for each turn length.
 *
 *   node --import tsx bench/tools/accept-rate.ts [clients, default 2000]
 *
 * It measures two set-ups: the busy process listening itself, and a `node:cluster` primary that
 * listens (round-robin, the default on Linux) with the busy process as its one worker: the
 * primary's loop is idle, so it accepts as fast as the kernel hands connections over, and the
 * question is how fast the busy worker takes them from it. The clients connect from this
 * (the primary's) process in both.
 *
 * libuv 1.46 (Node 20) accepts one connection per readable event of the listening socket, so a
 * loop that spends T ms per turn accepts at most 1000 / T connections per second, however long
 * the kernel's accept queue is. A reconnect storm meets exactly that (docs/benchmarks.md).
 */
import cluster from 'node:cluster';
import net from 'node:net';
import process from 'node:process';
import { formatTable, num } from '../lib/table';

const clients = Number(process.argv[2] ?? 2000);
if (!Number.isInteger(clients) || clients < 1 || clients > 4000) {
  console.error('clients must be an integer from 1 to 4000 (the kernel caps the accept queue at net.core.somaxconn)');
  process.exit(2);
}

interface Row { setup: string; turnMs: number; ms: number; turns: number }

/** A server whose loop turns take `turnMs` each (0: idle), counting what it accepts. */
async function busyServer(turnMs: number): Promise<{ port: number; accepted: () => number; stop: () => number }> {
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const { port } = server.address() as net.AddressInfo;
  let turns = 0;
  let busy = true;
  const turn = () => {
    if (!busy) return;
    turns++;
    const until = performance.now() + turnMs;
    while (performance.now() < until) { /* a turn's work */ }
    setImmediate(turn);
  };
  if (turnMs > 0) setImmediate(turn);
  return {
    port,
    accepted: () => accepted,
    stop: () => {
      busy = false;
      server.close();
      return turns;
    },
  };
}

/** Connects `clients` sockets at once; resolves with the ms until `done()` says all were accepted. */
async function connectAll(port: number, done: () => Promise<boolean> | boolean): Promise<{ ms: number; close: () => void }> {
  const sockets = Array.from({ length: clients }, () => net.connect(port, '127.0.0.1').on('error', () => undefined));
  const started = performance.now();
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 5));
  return { ms: performance.now() - started, close: () => sockets.forEach((socket) => socket.destroy()) };
}

async function runDirect(turnMs: number): Promise<Row> {
  const server = await busyServer(turnMs);
  const { ms, close } = await connectAll(server.port, () => server.accepted() >= clients);
  const turns = server.stop();
  close();
  return { setup: 'direct', turnMs, ms, turns };
}

type WorkerReport = { port: number } | { accepted: number } | { turns: number };

/** The same busy server in a cluster worker, behind a round-robin primary (this process). */
async function runCluster(turnMs: number): Promise<Row> {
  const worker = cluster.fork({ ACCEPT_RATE_TURN_MS: String(turnMs) });
  const reports: WorkerReport[] = [];
  let wake: (() => void) | undefined;
  worker.on('message', (report: WorkerReport) => {
    reports.push(report);
    wake?.();
  });
  const next = async <K extends string>(key: K): Promise<Record<K, number>> => {
    for (;;) {
      const found = reports.find((report) => key in report);
      if (found) {
        reports.splice(reports.indexOf(found), 1);
        return found as Record<K, number>;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  const { port } = await next('port');
  const { ms, close } = await connectAll(port, async () => {
    worker.send('count');
    return (await next('accepted')).accepted >= clients;
  });
  worker.send('stop');
  const { turns } = await next('turns');
  close();
  worker.kill();
  await new Promise((resolve) => worker.once('exit', resolve));
  return { setup: 'cluster primary + 1 worker', turnMs, ms, turns };
}

/** A cluster worker: the busy server, answering the primary's `count` and `stop`. */
async function workerMain(): Promise<void> {
  const server = await busyServer(Number(process.env.ACCEPT_RATE_TURN_MS));
  process.send!({ port: server.port });
  process.on('message', (message) => {
    if (message === 'count') process.send!({ accepted: server.accepted() });
    if (message === 'stop') process.send!({ turns: server.stop() });
  });
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const turnMs of [0, 0.5, 1, 2, 3]) rows.push(await runDirect(turnMs));
  for (const turnMs of [0, 0.5, 1, 2, 3]) rows.push(await runCluster(turnMs));
  console.log(`# accept rate of a busy Node server · node ${process.version} · libuv ${process.versions.uv} · ${clients} clients connecting at once\n`);
  console.log(formatTable(
    [{ header: 'listening' }, { header: 'loop turn ms' }, { header: 'all accepted after ms' }, { header: 'busy turns' }, { header: 'accepted per turn' }, { header: 'accepted per s' }],
    rows.map((row) => [
      row.setup,
      row.turnMs === 0 ? 'idle' : num(row.turnMs, 1),
      num(row.ms),
      row.turnMs === 0 ? '-' : num(row.turns),
      row.turnMs === 0 ? '-' : num(clients / row.turns, 2),
      num(clients / (row.ms / 1000)),
    ]),
  ));
}

if (cluster.isWorker) void workerMain();
else void main();
