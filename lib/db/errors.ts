/**
 * Recognises PostgreSQL errors by SQLSTATE, the same way for both drivers: `pg` and PGlite
 * both throw a `DatabaseError` that carries `code` (the SQLSTATE) and, for constraint
 * violations, `constraint` (the constraint or unique index name). Matching on those, never on
 * message text, keeps callers independent of the driver and the server's locale.
 */

/** The SQLSTATE codes this app branches on. */
export const SqlState = {
  UNIQUE_VIOLATION: '23505',
  CHECK_VIOLATION: '23514',
  FOREIGN_KEY_VIOLATION: '23503',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
} as const;

const SQLSTATE_PATTERN = /^[0-9A-Z]{5}$/;

/** The error's SQLSTATE, or undefined when it is not a database error (e.g. `ECONNREFUSED`). */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' && SQLSTATE_PATTERN.test(code) ? code : undefined;
}

/** The name of the constraint (or unique index) the error reports, if any. */
export function violatedConstraint(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('constraint' in error)) return undefined;
  return typeof error.constraint === 'string' ? error.constraint : undefined;
}

const violates = (state: string, error: unknown, constraint: string | undefined): boolean =>
  sqlState(error) === state && (constraint === undefined || violatedConstraint(error) === constraint);

/**
 * True when `error` is a unique violation (23505), of `constraint` when one is named: a
 * unique index such as `rides_one_active_per_rider`, or a table constraint such as
 * `chat_messages_ride_id_client_id_key`. This is how a lost race is told apart from a fault.
 */
export const uniqueViolation = (error: unknown, constraint?: string): boolean =>
  violates(SqlState.UNIQUE_VIOLATION, error, constraint);

/** True when `error` is a check violation (23514), of `constraint` when one is named. */
export const checkViolation = (error: unknown, constraint?: string): boolean =>
  violates(SqlState.CHECK_VIOLATION, error, constraint);

/** True when `error` is a foreign-key violation (23503), of `constraint` when one is named. */
export const foreignKeyViolation = (error: unknown, constraint?: string): boolean =>
  violates(SqlState.FOREIGN_KEY_VIOLATION, error, constraint);

/**
 * True for a serialisation failure (40001) or a deadlock (40P01): the transaction lost a race
 * and running it again from the start is the documented remedy.
 */
export function serializationFailure(error: unknown): boolean {
  const state = sqlState(error);
  return state === SqlState.SERIALIZATION_FAILURE || state === SqlState.DEADLOCK_DETECTED;
}

/** Stable `AppError` codes raised by this module (all are server faults: HTTP 500). */
export const DbErrorCode = {
  /** PostgreSQL at `DATABASE_URL` could not be reached or refused the login. */
  UNREACHABLE: 'DB_UNREACHABLE',
  /** The migration list is malformed (ids not positive and strictly increasing). */
  INVALID_MIGRATIONS: 'DB_INVALID_MIGRATIONS',
  /** A migration's SQL failed; nothing of that migration was applied. */
  MIGRATION_FAILED: 'DB_MIGRATION_FAILED',
  /** A statement failed inside `transaction` but `fn` swallowed the error, so COMMIT rolled back. */
  TRANSACTION_ABORTED: 'DB_TRANSACTION_ABORTED',
  /** The `tx` handle was used after its transaction ended (e.g. from a detached promise). */
  TRANSACTION_FINISHED: 'DB_TRANSACTION_FINISHED',
  /** PGlite only: `db.query`/`db.transaction` called inside a transaction on the same Db. */
  QUERY_INSIDE_TRANSACTION: 'DB_QUERY_INSIDE_TRANSACTION',
  /** PGlite only: another live process already has the data directory open. */
  DATA_DIR_LOCKED: 'DB_DATA_DIR_LOCKED',
} as const;
