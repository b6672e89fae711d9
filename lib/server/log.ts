/** Structured logs (pino): one JSON line per event, on stdout. */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'curbside' }, timestamp: pino.stdTimeFunctions.isoTime });
}
