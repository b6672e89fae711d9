import { describe, expect, it, vi } from 'vitest';
import { AppError, asClientError, isAppError } from './errors';

describe('isAppError', () => {
  it('recognises an AppError made by another copy of the module (the server\'s copy vs a route bundle\'s)', async () => {
    vi.resetModules();
    const other = await import('./errors');
    expect(other.AppError).not.toBe(AppError);
    const foreign = new other.AppError('FORBIDDEN', 'This is not your ride', 403);
    expect(foreign instanceof AppError).toBe(false);
    expect(isAppError(foreign)).toBe(true);
    expect(asClientError(foreign)).toBe(foreign);
  });

  it('refuses look-alikes that are not AppErrors', () => {
    expect(isAppError(Object.assign(new Error('x'), { code: 'FORBIDDEN', status: 403 }))).toBe(false);
    expect(isAppError({ code: 'FORBIDDEN', status: 403, message: 'x' })).toBe(false);
    expect(isAppError(null)).toBe(false);
    expect(isAppError(new AppError('NOT_FOUND', 'No such ride', 404))).toBe(true);
  });
});
