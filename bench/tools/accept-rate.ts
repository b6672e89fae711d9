/**
 * How fast a busy Node server accepts connections: a plain `net` server whose event loop is kept
 * busy by a chain of `setImmediate` turns of a fixed length, and N clients that connect at once.
 * Prints connections accepted per loop turn and per second, for each turn length.
 *
 *   node --import tsx bench/tools/accept-rate.ts [clients, default 2000]
 *
 * libuv 1.46 (Node 20) accepts one connection per readable event of the listening socket, so a
 * loop that spends T ms per turn accepts at most 1000 / T connections per second, however long
 * the kernel's accept queue is. A reconnect storm meets exactly that (docs/benchmarks.md).
 */
import net from 'node:net';
import process from 'node:process';
import { formatTable, num } from '../lib/table';

const clients = Number(process.argv[2] ?? 2000);
if (!Number.isInteger(clients) || clients < 1 || clients > 4000) {
  console.error('clients must be an integer from 1 to 4000 (the kernel caps the accept queue at net.core.somaxconn)');
  process.exit(2);
}

interface Row { turnMs: number; ms: number; turns: number }

async function run(turnMs: number): Promise<Row> {
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
  const sockets = Array.from({ length: clients }, () => net.connect(port, '127.0.0.1').on('error', () => undefined));
  const started = performance.now();
  while (accepted < clients) await new Promise((resolve) => setTimeout(resolve, 5));
  const ms = performance.now() - started;
  busy = false;
  for (const socket of sockets) socket.destroy();
  server.close();
  return { turnMs, ms, turns };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const turnMs of [0, 0.5, 1, 2, 3]) rows.push(await run(turnMs));
  console.log(`# accept rate of a busy Node server · node ${process.version} · libuv ${process.versions.uv} · ${clients} clients connecting at once\n`);
  console.log(formatTable(
    [{ header: 'loop turn ms' }, { header: 'all accepted after ms' }, { header: 'busy turns' }, { header: 'accepted per turn' }, { header: 'accepted per s' }],
    rows.map((row) => [
      row.turnMs === 0 ? 'idle' : num(row.turnMs, 1),
      num(row.ms),
      row.turnMs === 0 ? '-' : num(row.turns),
      row.turnMs === 0 ? '-' : num(clients / row.turns, 2),
      num(clients / (row.ms / 1000)),
    ]),
  ));
}

void main();
