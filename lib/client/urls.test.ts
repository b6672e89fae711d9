import { describe, expect, it } from 'vitest';
import { toWebSocketUrl, withLastEventId } from './urls';

describe('toWebSocketUrl', () => {
  it('builds ws:// on an http page and wss:// on an https page', () => {
    expect(toWebSocketUrl('/ws', { protocol: 'http:', host: 'localhost:3000' })).toBe('ws://localhost:3000/ws');
    expect(toWebSocketUrl('/ws', { protocol: 'https:', host: 'curbside.app' })).toBe('wss://curbside.app/ws');
    expect(toWebSocketUrl('ws', { protocol: 'https:', host: 'curbside.app' })).toBe('wss://curbside.app/ws');
  });

  it('passes ws(s) URLs through and maps http(s) URLs to their ws scheme', () => {
    expect(toWebSocketUrl('wss://other.example/ws')).toBe('wss://other.example/ws');
    expect(toWebSocketUrl('https://other.example/ws')).toBe('wss://other.example/ws');
    expect(toWebSocketUrl('http://other.example/ws')).toBe('ws://other.example/ws');
  });

  it('returns a path unchanged when there is no location (server render)', () => {
    expect(toWebSocketUrl('/ws')).toBe('/ws');
  });
});

describe('withLastEventId', () => {
  it('adds the parameter to a relative URL and keeps it relative', () => {
    expect(withLastEventId('/api/surge/stream', '42')).toBe('/api/surge/stream?lastEventId=42');
  });

  it('keeps other parameters and the hash, and replaces an earlier lastEventId', () => {
    expect(withLastEventId('/s?a=1&lastEventId=3#x', '9')).toBe('/s?a=1&lastEventId=9#x');
    expect(withLastEventId('https://h.example/s?a=1', '5')).toBe('https://h.example/s?a=1&lastEventId=5');
  });

  it('encodes ids that are not URL-safe', () => {
    expect(withLastEventId('/s', 'a b&c')).toBe('/s?lastEventId=a+b%26c');
  });
});
