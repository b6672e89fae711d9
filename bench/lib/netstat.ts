/**
 * Kernel TCP counters from /proc/net/netstat (Linux): `ListenOverflows` counts connections
 * dropped because a listening socket's accept queue was full. Machine-wide, so a scenario reads
 * it around its own window; null where the file or the counter is missing.
 */
import { readFileSync } from 'node:fs';

/** The value of `name` in the `TcpExt:` header/value line pair, or null. */
export function tcpExtCounter(netstat: string, name: string): number | null {
  const lines = netstat.split('\n').filter((line) => line.startsWith('TcpExt:'));
  if (lines.length < 2) return null;
  const names = lines[0]!.trim().split(/\s+/);
  const values = lines[1]!.trim().split(/\s+/);
  const index = names.indexOf(name);
  if (index < 1 || index >= values.length) return null;
  const value = Number(values[index]);
  return Number.isFinite(value) ? value : null;
}

export function listenOverflows(path = '/proc/net/netstat'): number | null {
  try {
    return tcpExtCounter(readFileSync(path, 'utf8'), 'ListenOverflows');
  } catch {
    return null;
  }
}
