/**
 * The bus logs what it cannot hand back to a caller: a throwing handler, a lost Redis
 * connection, a catch-up that could not run. The shape is pino's `(context, message)`, so a
 * pino logger passes as is.
 */
export interface BusLogger {
  warn(context: Record<string, unknown>, message: string): void;
  error(context: Record<string, unknown>, message: string): void;
}

/** Used when no logger is injected. */
export const consoleBusLogger: BusLogger = {
  warn: (context, message) => console.warn(`[bus] ${message}`, context),
  error: (context, message) => console.error(`[bus] ${message}`, context),
};

/** For tests and callers that want silence. */
export const silentBusLogger: BusLogger = {
  warn: () => {},
  error: () => {},
};
