import { describe, expect, it } from 'vitest';
import { createSessions, readCookie } from './sessions';

const key = new TextEncoder().encode('k'.repeat(48));

describe('sessions', () => {
  it('signs in and verifies a token from a cookie header', async () => {
    const sessions = createSessions(key, 3600);
    const { user, token } = await sessions.signIn('rider', 'Ada');
    expect(user).toMatchObject({ role: 'rider', name: 'Ada' });
    expect(await sessions.fromCookieHeader(`other=1; curbside_session=${token}; x=y`)).toEqual(user);
  });

  it('rejects a missing, tampered, foreign or expired token', async () => {
    let clock = Date.now();
    const sessions = createSessions(key, 60, () => clock);
    const { token } = await sessions.signIn('driver', 'Bo');
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'rider' })).toString('base64url');

    expect(await sessions.verify(undefined)).toBeNull();
    expect(await sessions.verify('garbage')).toBeNull();
    expect(await sessions.verify(`${header}.${forged}.${signature}`)).toBeNull();
    expect(await createSessions(new TextEncoder().encode('z'.repeat(48)), 60).verify(token)).toBeNull();
    clock += 61_000;
    expect(await sessions.verify(token)).toBeNull();
  });

  it('writes HttpOnly SameSite=Lax cookies, Secure on https', async () => {
    const sessions = createSessions(key, 60);
    expect(sessions.cookie('t', { secure: false })).toBe('curbside_session=t; Max-Age=60; Path=/; HttpOnly; SameSite=Lax');
    expect(sessions.cookie('t', { secure: true })).toContain('; Secure');
    expect(sessions.clearCookie({ secure: false })).toContain('Max-Age=0');
  });

  it('reads cookies', () => {
    expect(readCookie('a=1; b=2', 'b')).toBe('2');
    expect(readCookie('ab=1', 'a')).toBeUndefined();
    expect(readCookie(undefined, 'a')).toBeUndefined();
  });
});
