import { describe, expect, it } from 'vitest';
import { checkViolation, foreignKeyViolation, serializationFailure, sqlState, uniqueViolation, violatedConstraint } from './errors';

const dbError = (code: string, constraint?: string) => Object.assign(new Error('db'), { code, constraint });

// The drivers' real errors are checked against the schema in schema.test.ts, on both back ends.
describe('database error helpers', () => {
  it('read the SQLSTATE and constraint, and ignore everything else', () => {
    expect(sqlState(dbError('23505'))).toBe('23505');
    expect(violatedConstraint(dbError('23505', 'rides_pkey'))).toBe('rides_pkey');
    // Node's socket errors also carry `code`, but they are not SQLSTATEs.
    expect(sqlState(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    for (const junk of [undefined, null, 'x', 42, {}, { code: 23505 }, { constraint: 7 }]) {
      expect(sqlState(junk)).toBeUndefined();
      expect(violatedConstraint(junk)).toBeUndefined();
      expect(uniqueViolation(junk)).toBe(false);
      expect(serializationFailure(junk)).toBe(false);
    }
  });

  it('match a violation by code, and by constraint when one is named', () => {
    const error = dbError('23505', 'offers_one_open_per_ride');
    expect(uniqueViolation(error)).toBe(true);
    expect(uniqueViolation(error, 'offers_one_open_per_ride')).toBe(true);
    expect(uniqueViolation(error, 'offers_one_accepted_per_ride')).toBe(false);
    expect(checkViolation(error)).toBe(false);
    expect(checkViolation(dbError('23514', 'rides_surge_check'), 'rides_surge_check')).toBe(true);
    expect(foreignKeyViolation(dbError('23503', 'rides_rider_id_fkey'), 'rides_rider_id_fkey')).toBe(true);
  });

  it('treat serialisation failures and deadlocks as retryable, nothing else', () => {
    expect(serializationFailure(dbError('40001'))).toBe(true);
    expect(serializationFailure(dbError('40P01'))).toBe(true);
    expect(serializationFailure(dbError('23505'))).toBe(false);
    expect(serializationFailure(dbError('25P02'))).toBe(false);
  });
});
