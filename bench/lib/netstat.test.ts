import { describe, expect, it } from 'vitest';
import { listenOverflows, tcpExtCounter } from './netstat';

const SAMPLE = [
  'TcpExt: SyncookiesSent SyncookiesRecv ListenOverflows ListenDrops',
  'TcpExt: 12 0 250415 250416',
  'IpExt: InNoRoutes InTruncatedPkts',
  'IpExt: 0 0',
].join('\n');

describe('tcpExtCounter', () => {
  it('reads a TcpExt counter by name', () => {
    expect(tcpExtCounter(SAMPLE, 'ListenOverflows')).toBe(250_415);
    expect(tcpExtCounter(SAMPLE, 'ListenDrops')).toBe(250_416);
  });

  it('is null for a missing counter or file shape', () => {
    expect(tcpExtCounter(SAMPLE, 'InNoRoutes')).toBeNull();
    expect(tcpExtCounter('', 'ListenOverflows')).toBeNull();
    expect(tcpExtCounter('TcpExt: ListenOverflows\n', 'ListenOverflows')).toBeNull();
    expect(listenOverflows('/nonexistent/netstat')).toBeNull();
  });
});
