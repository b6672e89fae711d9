import { describe, expect, it, vi } from 'vitest';
import { nowUs } from '../lib/clock';
import { parseChatBody, stampOf } from '../lib/payloads';
import type { ChatTopic, ScheduleParams } from './api';
import { scheduledEvent } from './target-host';

const rides: ChatTopic[] = [
  { rideId: 'r_0000000000000000000000a0', riderId: 'u_rider0', driverId: 'u_driver0' },
  { rideId: 'r_0000000000000000000000a1', riderId: 'u_rider1', driverId: 'u_driver1' },
];

const impl = () => ({ publish: vi.fn(), chat: vi.fn() });

describe('scheduledEvent', () => {
  it('chat: one message of the ride, from its rider, with the round as seq and a fresh stamp in the body', () => {
    const target = impl();
    const params: ScheduleParams = { kind: 'chat', topics: rides, intervalMs: 2000, rounds: 3, run: 4 };
    const before = nowUs();
    scheduledEvent(target, params, 1, 2);
    expect(target.publish).not.toHaveBeenCalled();
    expect(target.chat).toHaveBeenCalledTimes(1);
    const [topic, message] = target.chat.mock.calls[0]!;
    expect(topic).toBe(rides[1]);
    expect(message).toMatchObject({ rideId: rides[1]!.rideId, from: rides[1]!.riderId, seq: 2 });
    const stamp = parseChatBody(message.body);
    expect(stamp).toMatchObject({ run: 4, seq: 2 });
    expect(stamp!.sentUs).toBeGreaterThanOrEqual(Math.floor(before));
    expect(stamp!.sentUs).toBeLessThanOrEqual(nowUs());
  });

  it('chat: hands back what the target returns, so the schedule counts a failed delivery', async () => {
    const failing = { publish: vi.fn(), chat: vi.fn(() => Promise.reject(new Error('bus down'))) };
    const params: ScheduleParams = { kind: 'chat', topics: rides, intervalMs: 2000, rounds: 1, run: 1 };
    await expect(scheduledEvent(failing, params, 0, 1)).rejects.toThrow('bus down');
  });

  it('location and surge: the stamped payload on the topic of that index', () => {
    const target = impl();
    scheduledEvent(target, { kind: 'location', topics: ['ride:a', 'ride:b'], intervalMs: 1000, rounds: 1, run: 9 }, 1, 1);
    scheduledEvent(target, { kind: 'surge', topics: ['surge'], intervalMs: 1000, rounds: 1, run: 9 }, 0, 3);
    expect(target.chat).not.toHaveBeenCalled();
    expect(target.publish.mock.calls.map(([topic, type, data]) => [topic, type, stampOf(data)?.seq])).toEqual([['ride:b', 'location', 1], ['surge', 'surge', 3]]);
  });
});
