import { describe, expect, it } from 'vitest';
import { chatInstances, perProcess, signInInstance, streamInstance, workerOf, workerShare } from './placement';

describe('client placement', () => {
  it('streams client i from instance i mod N and signs it in on instance (i + 1) mod N', () => {
    const at = Array.from({ length: 7 }, (_, i) => [signInInstance(i, 3), streamInstance(i, 3)]);
    expect(at).toEqual([[1, 0], [2, 1], [0, 2], [1, 0], [2, 1], [0, 2], [1, 0]]);
    for (let i = 0; i < 100; i++) expect(signInInstance(i, 3)).not.toBe(streamInstance(i, 3));
  });

  it('spreads clients evenly over instances', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[streamInstance(i, 3)]! += 1;
    expect(counts).toEqual([16_667, 16_667, 16_666]);
    expect(perProcess(50_000, 3)).toBe(16_667);
    expect(perProcess(600, 1)).toBe(600);
  });

  it('uses the one instance for everything when there is one', () => {
    for (let i = 0; i < 10; i++) expect([signInInstance(i, 1), streamInstance(i, 1)]).toEqual([0, 0]);
    expect(chatInstances(5, 1)).toEqual({ riderSignIn: 0, riderStream: 0, driverSignIn: 0, driverStream: 0 });
  });

  it('puts a chat pair\'s rider and driver on different instances', () => {
    for (let pair = 0; pair < 12; pair++) {
      const at = chatInstances(pair, 3);
      expect(at.riderStream).not.toBe(at.driverStream);
      expect(at.riderSignIn).not.toBe(at.riderStream);
      expect(at.driverSignIn).not.toBe(at.driverStream);
    }
  });

  it('gives worker w the clients w, w + K, … (the worker that holds client i is i mod K)', () => {
    expect(workerShare(10, 4, 0)).toEqual([0, 4, 8]);
    expect(workerShare(10, 4, 3)).toEqual([3, 7]);
    const all = [0, 1, 2, 3].flatMap((w) => workerShare(10, 4, w)).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 10 }, (_, i) => i));
    for (const w of [0, 1, 2, 3]) for (const i of workerShare(10, 4, w)) expect(workerOf(i, 4)).toBe(w);
  });
});
