/**
 * One client worker process (forked by the harness): signs users in, holds its share of the
 * SSE / WebSocket / Socket.IO clients, and reports what they received. Lean on purpose — one
 * keep-alive Agent, incremental parsing — and it reports its own CPU so a reader can tell
 * whether the client side was the bottleneck.
 */
import http from 'node:http';
import { nowUs } from '../lib/clock';
import { createHistogram, encodeHistogram, recordUs } from '../lib/histogram';
import { mapPool, withTimeout } from '../lib/pool';
import { serveRpc } from '../lib/rpc';
import { runSchedule } from '../lib/schedule';
import type { ClientSpec, WorkerApi } from './api';
import { Meter } from './meter';
import { SioClient } from './sio-client';
import { SseClient } from './sse-client';
import { WsClient, type ChatCounts } from './ws-client';

type Client = SseClient | WsClient | SioClient;

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 64 });
const meter = new Meter();
const chat: ChatCounts = { sent: 0, acked: 0, rejected: 0 };
let users: Array<{ id: string; name: string; cookie: string }> = [];
let clients: Client[] = [];
let senders: Array<WsClient | SioClient> = [];
let measureStart = { cpu: process.cpuUsage(), wall: performance.now() };

function signInOne(port: number, role: string, name: string): Promise<{ id: string; name: string; cookie: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ role, name });
    const request = http.request({
      agent, host: '127.0.0.1', port, path: '/api/session', method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => void (text += chunk));
      response.on('end', () => {
        const cookie = (response.headers['set-cookie'] ?? [])[0]?.split(';', 1)[0];
        if (response.statusCode !== 200 || !cookie) return reject(new Error(`sign-in: HTTP ${response.statusCode} ${text.slice(0, 200)}`));
        const { user } = JSON.parse(text) as { user: { id: string; name: string } };
        resolve({ id: user.id, name: user.name, cookie });
      });
    });
    request.setTimeout(30_000, () => request.destroy(new Error('sign-in timed out')));
    request.on('error', reject);
    request.end(body);
  });
}

function create(spec: ClientSpec, backoff: { baseMs: number; capMs: number }, accept: string | null): Client {
  const cookie = 'user' in spec && spec.user !== undefined ? users[spec.user]?.cookie : undefined;
  if ('user' in spec && spec.user !== undefined && !cookie) throw new Error(`no signed-in user ${spec.user} in this worker`);
  switch (spec.kind) {
    case 'sse':
      return new SseClient({ agent, port: spec.port, path: spec.path, cookie, accept, backoff, meter });
    case 'ws':
      return new WsClient({ url: `ws://127.0.0.1:${spec.port}${spec.path}`, cookie, rideId: spec.rideId, backoff, meter, chat });
    case 'sio':
      return new SioClient({ port: spec.port, room: spec.room, rideId: spec.rideId, backoff, meter, chat });
  }
}

const api: WorkerApi = {
  async signIn({ ports, role, namePrefix, concurrency }) {
    const start = users.length;
    const made = await mapPool(ports, concurrency, (port, i) => signInOne(port, role, `${namePrefix}${start + i}`.slice(0, 40)));
    users.push(...made);
    return { users: made.map((user, i) => ({ id: user.id, name: user.name, index: start + i })) };
  },

  async open({ clients: specs, concurrency, timeoutMs, backoff, sseAccept }) {
    const started = performance.now();
    const latency = createHistogram();
    let opened = 0;
    let failed = 0;
    await mapPool(specs, concurrency, async (spec) => {
      const client = create(spec, backoff, sseAccept);
      clients.push(client);
      if (spec.kind !== 'sse' && spec.sender) senders.push(client as WsClient | SioClient);
      const begin = nowUs();
      try {
        await withTimeout(client.open(), timeoutMs, 'open timed out');
        recordUs(latency, nowUs() - begin);
        opened++;
      } catch {
        failed++; // it keeps retrying in the background; the harness sees the shortfall
      }
    });
    const result = { opened, failed, elapsedMs: performance.now() - started, openLatency: encodeHistogram(latency) };
    latency.destroy();
    return result;
  },

  async measure({ run }) {
    meter.start(run);
    chat.sent = 0;
    chat.acked = 0;
    chat.rejected = 0;
    measureStart = { cpu: process.cpuUsage(), wall: performance.now() };
  },

  async report() {
    const cpu = process.cpuUsage(measureStart.cpu);
    return {
      ...meter.report(),
      clients: clients.length,
      cpuUs: cpu.user + cpu.system,
      wallMs: performance.now() - measureStart.wall,
      chat: { ...chat },
    };
  },

  async chat({ run, intervalMs, rounds }) {
    return runSchedule({ topics: senders.length, intervalMs, rounds }, (i, seq) => {
      if (!senders[i]!.sendChat(run, seq)) throw new Error('not open');
    });
  },

  async liveness({ sinceUs }) {
    const opened = createHistogram();
    let live = 0;
    let lastOpenUs = 0;
    for (const client of clients) {
      if (client.openedAtUs > sinceUs) {
        live++;
        lastOpenUs = Math.max(lastOpenUs, client.openedAtUs);
        recordUs(opened, client.openedAtUs - sinceUs);
      }
    }
    const result = { clients: clients.length, live, lastOpenUs, openedAfter: encodeHistogram(opened) };
    opened.destroy();
    return result;
  },

  async closeAll({ forgetUsers }) {
    const closed = clients.length;
    for (const client of clients) client.close();
    clients = [];
    senders = [];
    if (forgetUsers) users = [];
    meter.run = 0;
    // Let the sockets' close handshakes go out before the next target starts.
    await new Promise((resolve) => setTimeout(resolve, 200));
    agent.destroy();
    return { closed };
  },
};

serveRpc(process, api);
process.on('disconnect', () => process.exit(0));
