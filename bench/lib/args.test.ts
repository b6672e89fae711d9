import { describe, expect, it } from 'vitest';
import { ArgsError, clientsFor, connectionsOf, instancesOf, parseBenchArgs } from './args';

const pg = ['--database-url', 'postgres://postgres@127.0.0.1:5432/curbside_bench'];

describe('parseBenchArgs', () => {
  it('applies the defaults of a scenario', () => {
    expect(parseBenchArgs(['fanout'])).toMatchObject({
      scenario: 'fanout', sse: 2000, ws: 2000, durationS: 20, workers: 2, targets: ['curbside', 'bare', 'socketio'],
      intervalMs: 1000, bus: 'memory', logLevel: 'warn', kill: false,
    });
    expect(parseBenchArgs(['storm'])).toMatchObject({ targets: ['curbside'], bus: 'redis', durationS: 10, repeat: 1 });
    expect(parseBenchArgs(['storm', '--repeat', '3'])).toMatchObject({ repeat: 3 });
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
    [['fanout', '--repeat', '3'], /--repeat is for storm only/],
    [['storm', '--repeat', '0'], /--repeat must be between 1 and 20/],
    [['idle', '--bus', 'kafka'], /--bus must be/],
    [['idle', '--log-level', 'loud'], /--log-level/],
    [['idle', '--frobnicate'], /frobnicate/],
    [['idle', '--sse-accept', 'a\nb'], /--sse-accept/],
    [['chat', '--database-url', 'mysql://x'], /--database-url/],
    [['fanout', '--sse', '40000', '--workers', '2'], /raise --workers/],
    [['chat', '--ws', '1'], /chat needs --ws of at least 2/],
    [['chat', '--ws', '0'], /chat needs --ws/],
    [['chat-fanout', '--ws', '1'], /chat-fanout needs --ws of at least 2/],
    [['chat-fanout', '--ws', '40000', '--workers', '2'], /raise --workers/],
    [['chat-fanout', '--ws', '20000', '--workers', '2'], /per server process/],
    [['chat-fanout', '--chat-interval', '50'], /--chat-interval must be between/],
    [['idle', '--instances', '0'], /--instances must be between 1 and 16/],
    [['idle', '--instances', '17'], /--instances must be between 1 and 16/],
    [['idle', '--instances', 'three'], /--instances must be a whole number/],
    [['idle', '--instances', '3', ...pg], /needs --bus redis/],
    [['idle', '--instances', '3', '--bus', 'memory', ...pg], /needs --bus redis/],
    [['idle', '--instances', '3', '--bus', 'redis'], /needs --database-url/],
    [['storm', '--instances', '3', ...pg], /storm .* not supported/],
    [['idle', '--instances', '2', '--bus', 'redis', '--targets', 'bare', ...pg], /curbside target only/],
    [['idle', '--sse', '50000', '--ws', '0', '--instances', '3', '--workers', '3', '--bus', 'redis', ...pg], /raise --workers/],
    [['idle', '--sse', '50000', '--ws', '0', '--instances', '2', '--workers', '4', '--bus', 'redis', ...pg], /25000 connections per server process .* raise --instances/],
    [['idle', '--sse', '20000', '--ws', '0', '--workers', '2'], /per server process/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(ArgsError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });

  it('accepts large runs spread over enough workers', () => {
    expect(parseBenchArgs(['fanout', '--sse', '19000', '--workers', '2'])).toMatchObject({ sse: 19_000 });
  });

  it('runs one Curbside instance unless told otherwise', () => {
    expect(parseBenchArgs(['fanout'])).toMatchObject({ instances: 1 });
  });

  it('accepts several instances on the Redis bus and one PostgreSQL database', () => {
    const options = parseBenchArgs(['fanout', '--sse', '600', '--instances', '3', '--bus', 'redis', ...pg]);
    expect(options).toMatchObject({ instances: 3, bus: 'redis', databaseUrl: 'postgres://postgres@127.0.0.1:5432/curbside_bench' });
  });

  it('accepts the 50,000-connection command of docs/benchmarks.md', () => {
    const options = parseBenchArgs(['idle', '--sse', '50000', '--ws', '0', '--instances', '3', '--workers', '4', '--bus', 'redis', ...pg, '--targets', 'curbside,bare']);
    expect(options).toMatchObject({ sse: 50_000, ws: 0, instances: 3, workers: 4, targets: ['curbside', 'bare'] });
    if (options === 'help') throw new Error('unreachable');
    // Curbside holds all of them over 3 instances; bare, one process, one instance's share.
    expect(clientsFor(options, 'curbside', 50_000)).toBe(50_000);
    expect(clientsFor(options, 'bare', 50_000)).toBe(16_667);
    expect(instancesOf(options, 'curbside')).toBe(3);
    expect(instancesOf(options, 'bare')).toBe(1);
  });

  it('sizes chat-fanout like chat: --ws pairs, the chat interval, all three targets', () => {
    const fanout = parseBenchArgs(['chat-fanout']);
    const chat = parseBenchArgs(['chat']);
    expect(fanout).toMatchObject({
      scenario: 'chat-fanout', ws: 2000, chatIntervalMs: 2000, durationS: 20, targets: ['curbside', 'bare', 'socketio'],
    });
    if (fanout === 'help' || chat === 'help') throw new Error('unreachable');
    expect({ ...fanout, scenario: 'chat' }).toEqual(chat);
    expect(parseBenchArgs(['chat-fanout', '--ws', '600', '--duration', '6', '--chat-interval', '1000'])).toMatchObject({ ws: 600, durationS: 6, chatIntervalMs: 1000 });
  });

  it('counts WebSocket clients as the connections of chat and chat-fanout', () => {
    // Not --sse: 19,000 WebSocket clients with a small --sse must still be refused per worker.
    expect(connectionsOf({ scenario: 'chat-fanout', sse: 10, ws: 19_000 })).toBe(19_000);
    expect(connectionsOf({ scenario: 'chat', sse: 10, ws: 19_000 })).toBe(19_000);
    expect(connectionsOf({ scenario: 'fanout', sse: 10, ws: 19_000 })).toBe(10);
    expect(() => parseBenchArgs(['chat-fanout', '--ws', '19000', '--sse', '10', '--workers', '1'])).toThrow(/raise --workers/);
  });

  it('takes --instances for chat-fanout on the Redis bus and PostgreSQL', () => {
    expect(parseBenchArgs(['chat-fanout', '--ws', '600', '--instances', '2', '--bus', 'redis', ...pg])).toMatchObject({ instances: 2 });
    expect(() => parseBenchArgs(['chat-fanout', '--instances', '2', ...pg])).toThrow(/needs --bus redis/);
  });

  it('takes --ws 0 for idle (the SSE part only)', () => {
    expect(parseBenchArgs(['idle', '--ws', '0'])).toMatchObject({ ws: 0 });
  });
});
