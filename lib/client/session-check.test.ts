import { describe, expect, it, vi } from 'vitest';
import { checkSession, sessionCheckDue } from './session-check';

describe('checkSession', () => {
  it('reads 200 as signed in and 401 as signed out', async () => {
    expect(await checkSession(async () => ({ status: 200 }))).toBe('signed-in');
    expect(await checkSession(async () => ({ status: 401 }))).toBe('signed-out');
  });

  it('says unknown for a server error or a network failure, so nobody is signed out by an outage', async () => {
    expect(await checkSession(async () => ({ status: 503 }))).toBe('unknown');
    expect(await checkSession(async () => ({ status: 500 }))).toBe('unknown');
    expect(await checkSession(async () => { throw new TypeError('Failed to fetch'); })).toBe('unknown');
  });

  it('asks GET /api/session without the HTTP cache', async () => {
    const fetchImpl = vi.fn(async () => ({ status: 200 }));
    await checkSession(fetchImpl);
    expect(fetchImpl).toHaveBeenCalledWith('/api/session', expect.objectContaining({ method: 'GET', cache: 'no-store' }));
  });
});

describe('sessionCheckDue', () => {
  it('is 0 until some connection has failed twice in a row, then the worst streak', () => {
    expect(sessionCheckDue([])).toBe(0);
    expect(sessionCheckDue([0, 1])).toBe(0);
    expect(sessionCheckDue([2, 0])).toBe(2);
    expect(sessionCheckDue([1, 5, 3])).toBe(5);
    expect(sessionCheckDue([1], 1)).toBe(1);
  });
});
