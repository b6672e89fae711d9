/**
 * Lifecycle helpers for the Redis bus's two ioredis connections.
 */
import type Redis from 'ioredis';
import type { BusLogger } from './logger';

/**
 * Logs an outage once (lost, then restored) instead of once per reconnect attempt. The
 * `error` listener also keeps ioredis from printing each failed attempt as unhandled.
 * `isClosed` silences the expected close at shutdown.
 */
export function watchConnection(connection: Redis, role: string, logger: BusLogger, isClosed: () => boolean): void {
  let down = false;
  let lastError: unknown = null;
  connection.on('error', (err: unknown) => {
    lastError = err;
  });
  connection.on('close', () => {
    if (!down && !isClosed()) logger.warn({ err: lastError, role }, 'bus: redis connection lost; reconnecting');
    down = true;
  });
  connection.on('ready', () => {
    if (down && !isClosed()) logger.warn({ role }, 'bus: redis connection restored');
    down = false;
    lastError = null;
  });
}

/**
 * QUITs gracefully (pending replies arrive first) when connected; otherwise disconnects at
 * once, failing whatever waits in the offline queue rather than waiting for a Redis that
 * may never come back.
 */
export async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
