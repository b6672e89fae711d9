import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { rejectUpgrade } from '@/lib/ws/upgrade-checks';

/**
 * The one `upgrade` listener. `/ws` goes to the hub. Other paths: in dev they belong to Next's
 * own listener (hot reload), which Next attaches to this server on its first request; in
 * production Next's upgrade handler does nothing useful (a forwarded upgrade hangs, see
 * shared/PITFALLS.md), so we answer 404 and close.
 */
export function createUpgradeRouter(options: {
  dev: boolean;
  handleWebSocket: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
}) {
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (request.url ?? '/').split('?', 1)[0];
    if (path === '/ws') return options.handleWebSocket(request, socket, head);
    if (options.dev) return;
    rejectUpgrade(socket, 404, 'NOT_FOUND', 'No WebSocket here; use /ws');
  };
}
