import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the defaults of API.md', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000, LISTEN_BACKLOG: 4096, OFFER_TTL_MS: 15_000, SSE_HEARTBEAT_MS: 15_000, WS_HEARTBEAT_MS: 30_000, SURGE_INTERVAL_MS: 30_000,
    });
    expect(config.SIM_DRIVERS).toBeGreaterThan(0);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('keeps the sign-in limit of one every 2 s unless SIGN_IN_RATE_PER_MINUTE raises it', () => {
    expect(loadConfig({}).SIGN_IN_RATE_PER_MINUTE).toBe(30);
    expect(loadConfig({ SIGN_IN_RATE_PER_MINUTE: '60000' }).SIGN_IN_RATE_PER_MINUTE).toBe(60_000);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ REDIS_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LISTEN_BACKLOG', '0'],
    ['REDIS_URL', 'http://localhost'],
    ['DATABASE_URL', 'not a url'],
    ['SESSION_SECRET', 'short'],
    ['WS_HEARTBEAT_MS', '-5'],
    ['LOG_LEVEL', 'loud'],
    ['SIGN_IN_RATE_PER_MINUTE', '0'],
    ['SIGN_IN_RATE_PER_MINUTE', '2.5'],
  ])('rejects %s=%s with a message naming the variable', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    expect((error as ConfigError).message).toContain(variable);
  });

  it('splits ALLOWED_ORIGINS', () => {
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://a.example, https://b.example' }).ALLOWED_ORIGINS).toEqual([
      'https://a.example', 'https://b.example',
    ]);
  });
});
