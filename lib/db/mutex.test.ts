import { describe, expect, it } from 'vitest';
import { createMutex } from './mutex';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createMutex', () => {
  it('runs critical sections one at a time, in call order', async () => {
    const mutex = createMutex();
    const log: string[] = [];
    const section = (name: string) => mutex.run(async () => {
      log.push(`${name}:start`);
      await tick();
      await tick();
      log.push(`${name}:end`);
      return name;
    });
    expect(await Promise.all([section('a'), section('b'), section('c')])).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('passes a failure to its caller only, and keeps serving the next ones', async () => {
    const mutex = createMutex();
    const failed = mutex.run(async () => {
      throw new Error('boom');
    });
    const next = mutex.run(async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
