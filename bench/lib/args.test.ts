import { describe, expect, it } from 'vitest';
import { ArgsError, parseBenchArgs } from './args';

describe('parseBenchArgs', () => {
  it('applies the defaults of a scenario', () => {
    expect(parseBenchArgs(['fanout'])).toMatchObject({
      scenario: 'fanout', sse: 2000, ws: 2000, durationS: 20, workers: 2, targets: ['curbside', 'bare', 'socketio'],
      intervalMs: 1000, bus: 'memory', logLevel: 'warn', kill: false,
    });
    expect(parseBenchArgs(['storm'])).toMatchObject({ targets: ['curbside'], bus: 'redis', durationS: 10 });
  });

  it('reads flags', () => {
    expect(parseBenchArgs(['chat', '--ws', '4000', '--duration', '30', '--workers', '4', '--targets', 'bare,socketio', '--chat-interval', '1000'])).toMatchObject({
      ws: 4000, durationS: 30, workers: 4, targets: ['bare', 'socketio'], chatIntervalMs: 1000,
    });
    expect(parseBenchArgs(['--help'])).toBe('help');
    expect(parseBenchArgs(['idle'])).toMatchObject({ sseAccept: 'text/event-stream' });
    expect(parseBenchArgs(['idle', '--sse-accept', 'none'])).toMatchObject({ sseAccept: null });
  });

  it.each([
    [[], /name one scenario/],
    [['nope'], /unknown scenario/],
    [['idle', 'fanout'], /name one scenario/],
    [['idle', '--sse', 'lots'], /--sse must be a whole number/],
    [['idle', '--sse', '0'], /--sse must be between/],
    [['idle', '--targets', 'nginx'], /unknown target/],
    [['storm', '--targets', 'bare'], /curbside only/],
    [['idle', '--bus', 'kafka'], /--bus must be/],
    [['idle', '--log-level', 'loud'], /--log-level/],
    [['idle', '--frobnicate'], /frobnicate/],
    [['idle', '--sse-accept', 'a\nb'], /--sse-accept/],
    [['chat', '--database-url', 'mysql://x'], /--database-url/],
    [['fanout', '--sse', '40000', '--workers', '2'], /raise --workers/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(ArgsError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });

  it('accepts large runs spread over enough workers', () => {
    expect(parseBenchArgs(['fanout', '--sse', '19000', '--workers', '2'])).toMatchObject({ sse: 19_000 });
  });
});
