/**
 * The simulated drivers of the embedded default (`SIM_DRIVERS`): real WebSocket clients of
 * this server's own `/ws`, each with its own session, so the rest of the system cannot tell
 * them from phones. They keep stable ids (`u_sim_01`, …) across restarts; run them on one
 * instance only when several share a database.
 */
import WebSocket from 'ws';
import type { RoadGraph } from '@/lib/city/road-graph';
import { SESSION_COOKIE } from '@/lib/protocol/session';
import type { Logger } from '@/lib/server/log';
import type { Sessions } from '@/lib/server/sessions';
import { createSimDriver, createSimulator } from '@/lib/sim';

const FIRST_NAMES = ['Ava', 'Ben', 'Cruz', 'Dina', 'Eli', 'Faye', 'Gus', 'Hana', 'Ivo', 'June', 'Kai', 'Lena', 'Milo', 'Nia', 'Omar', 'Pia'];
/** Tokens are re-signed well before they expire, so a long run never reconnects with a dead cookie. */
const REFRESH_MS = 60 * 60_000;

export async function startSimulatedDrivers(options: {
  count: number;
  port: number;
  sessions: Sessions;
  log: Logger;
  graph: RoadGraph;
}): Promise<() => void> {
  const { count, port, sessions, log, graph } = options;
  if (count <= 0) return () => undefined;
  const users = Array.from({ length: count }, (_, i) => ({
    id: `u_sim_${String(i + 1).padStart(2, '0')}`,
    role: 'driver' as const,
    name: `${FIRST_NAMES[i % FIRST_NAMES.length]} (sim)`,
  }));
  const cookies: string[] = [];
  const sign = async () => {
    for (const [i, user] of users.entries()) cookies[i] = `${SESSION_COOKIE}=${await sessions.issue(user)}`;
  };
  await sign();
  const refresh = setInterval(() => void sign().catch((error: unknown) => log.error({ err: error }, 'sim: re-signing failed')), REFRESH_MS);
  refresh.unref();

  const simulator = createSimulator({
    count,
    createDriver: (i) => createSimDriver({
      name: users[i]!.name,
      graph,
      random: Math.random,
      connect: () => new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { cookie: cookies[i]! } }),
      onLog: (entry) => (entry.level === 'warn' ? log.warn(entry, 'sim') : log.debug(entry, 'sim')),
    }),
  });
  simulator.start();
  log.info({ event: 'sim.start', drivers: count }, 'simulated drivers started');
  return () => {
    clearInterval(refresh);
    simulator.stop();
  };
}
