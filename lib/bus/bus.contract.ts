/**
 * The one behaviour suite every {@link EventBus} back end must pass. Each back end's test
 * file calls {@link runBusContract} with a factory; tests wait on delivered events, never on
 * fixed sleeps, so they hold on a slow machine and over a real network.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { compareEventIds, isEventId } from './event-id';
import type { BusEvent, BusLimits, EventBus, Subscription } from './types';
import { waitFor } from '@/lib/testing/wait-for';

/** Makes a fresh bus with the given limits (defaults for the rest). */
export type BusFactory = (limits?: Partial<BusLimits>) => Promise<EventBus> | EventBus;

interface Collector {
  events: BusEvent[];
  handler: (event: BusEvent) => void;
  /** The `data.i` of every received event, in order. */
  seqs: () => number[];
}

const collect = (): Collector => {
  const events: BusEvent[] = [];
  return {
    events,
    handler: (event) => {
      events.push(event);
    },
    seqs: () => events.map((event) => (event.data as { i: number }).i),
  };
};

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);
const yieldToIo = () => new Promise((resolve) => setImmediate(resolve));
const noop = () => {};

const expectCode = async (promise: Promise<unknown>, code: string) => {
  const err: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(err) ? err.code : err).toBe(code);
};

/**
 * Registers the contract suite for one back end.
 * @param name shown in the report, e.g. `memory` or `redis (with REDIS_URL)`.
 * @param makeBus a factory; every bus it returns is closed after its test.
 * @param cleanup runs once after the suite (e.g. delete the test's Redis keys).
 */
export function runBusContract(name: string, makeBus: BusFactory, cleanup?: () => Promise<void> | void): void {
  describe(`EventBus contract: ${name}`, () => {
    const open: EventBus[] = [];
    const make = async (limits?: Partial<BusLimits>) => {
      const bus = await makeBus(limits);
      open.push(bus);
      return bus;
    };
    let topicCount = 0;
    const topic = (label: string) => `${label}-${(topicCount += 1)}-${Date.now()}`;

    const publishSeq = async (bus: EventBus, t: string, seqs: number[]) => {
      const ids: string[] = [];
      for (const i of seqs) ids.push(await bus.publish(t, { type: 'tick', data: { i } }));
      return ids;
    };

    /** Subscribes and unsubscribes at once: how a test probes what is still kept. */
    const probe = async (bus: EventBus, t: string, after?: string) => {
      const sub = await bus.subscribe(t, after === undefined ? {} : { after }, noop);
      sub.unsubscribe();
      return sub;
    };

    afterEach(async () => {
      await Promise.all(open.splice(0).map((bus) => bus.close()));
    });
    if (cleanup) afterAll(cleanup);

    it('publish resolves to well-formed ids that increase within a topic', async () => {
      const bus = await make();
      const t = topic('ids');
      const ids = await publishSeq(bus, t, range(0, 50));
      for (const id of ids) expect(isEventId(id)).toBe(true);
      for (let k = 1; k < ids.length; k++) expect(compareEventIds(ids[k - 1] as string, ids[k] as string)).toBeLessThan(0);
    });

    it('subscribe without after reports the head and delivers only later events, intact', async () => {
      const bus = await make();
      const empty = await probe(bus, topic('empty'));
      expect(empty.gap).toBe(false);
      expect(isEventId(empty.headId), 'an empty topic still has a head to resume from').toBe(true);

      const t = topic('head');
      const before = await publishSeq(bus, t, [0, 1, 2]);
      const got = collect();
      const sub = await bus.subscribe(t, {}, got.handler);
      expect(sub.gap).toBe(false);
      expect(sub.headId).toBe(before[2]);
      const id = await bus.publish(t, { type: 'ride', data: { i: 3, nested: { ok: [1, 'two', null] } } });
      await waitFor(() => got.events.length === 1, 5_000, 'live event');
      expect(got.events[0]).toEqual({ id, topic: t, type: 'ride', data: { i: 3, nested: { ok: [1, 'two', null] } } });
    });

    it('delivers the same event object to every subscriber of a topic', async () => {
      const bus = await make();
      const t = topic('same');
      const a = collect();
      const b = collect();
      await bus.subscribe(t, {}, a.handler);
      await bus.subscribe(t, {}, b.handler);
      await bus.publish(t, { type: 'tick', data: { i: 0 } });
      await waitFor(() => a.events.length === 1 && b.events.length === 1, 5_000, 'both delivered');
      expect(a.events[0]).toBe(b.events[0]);
    });

    it('replays after an id then goes live, without gap or duplicate, while a publisher races', async () => {
      const bus = await make();
      const t = topic('race');
      const ids = await publishSeq(bus, t, range(0, 5));
      const total = 300;
      const fromStart = collect();
      const fromMid = collect();
      const live = collect();
      let midAfter = '';
      const pending: Promise<Subscription>[] = [];
      // Subscriptions start from inside the publishing loop and are not awaited there, so on
      // an asynchronous back end their SUBSCRIBE and stream read interleave with publishes.
      for (let i = 5; i < total; i++) {
        if (i === 40) pending.push(bus.subscribe(t, { after: ids[2] }, fromStart.handler));
        if (i === 120) {
          midAfter = ids[i - 10] as string;
          pending.push(bus.subscribe(t, { after: midAfter }, fromMid.handler), bus.subscribe(t, {}, live.handler));
        }
        ids.push(await bus.publish(t, { type: 'tick', data: { i } }));
        if (i % 10 === 0) await yieldToIo();
      }
      const [replaying, mid, headOnly] = (await Promise.all(pending)) as [Subscription, Subscription, Subscription];
      ids.push(await bus.publish(t, { type: 'tick', data: { i: total } }));

      const done = (got: Collector) => got.seqs().at(-1) === total;
      await waitFor(() => done(fromStart) && done(fromMid) && done(live), 10_000, 'every subscriber reached the last event');
      expect(replaying.gap).toBe(false);
      expect(fromStart.seqs()).toEqual(range(3, total + 1));
      expect(mid.gap).toBe(false);
      expect(fromMid.seqs()).toEqual(range(ids.indexOf(midAfter) + 1, total + 1));
      expect(headOnly.gap).toBe(false);
      expect(live.seqs()).toEqual(range(ids.indexOf(headOnly.headId as string) + 1, total + 1));
      for (const got of [fromStart, fromMid, live]) expect(got.events.map((e) => e.id)).toEqual(ids.slice(ids.length - got.events.length));
    });

    it('concurrent publishers: every subscriber sees one total order, which is id order', async () => {
      const bus = await make();
      const t = topic('order');
      const subscribers = [collect(), collect(), collect()];
      for (const got of subscribers) await bus.subscribe(t, {}, got.handler);
      const publishers = 4;
      const each = 50;
      const returned = (
        await Promise.all(
          range(0, publishers).map(async (p) => {
            const ids: string[] = [];
            for (let k = 0; k < each; k++) {
              ids.push(await bus.publish(t, { type: 'tick', data: { i: p * 1000 + k } }));
              if (k % 7 === p) await yieldToIo();
            }
            return ids;
          }),
        )
      ).flat();
      const n = publishers * each;
      await waitFor(() => subscribers.every((got) => got.events.length >= n), 10_000, 'all delivered');
      const sorted = [...returned].sort(compareEventIds);
      for (const got of subscribers) {
        expect(got.events.map((e) => e.id)).toEqual(sorted);
        expect(got.seqs()).toEqual(subscribers[0]?.seqs());
      }
      // Each publisher's own events keep their order.
      for (const p of range(0, publishers)) {
        const own = subscribers[0]?.seqs().filter((i) => Math.floor(i / 1000) === p);
        expect(own).toEqual(range(p * 1000, p * 1000 + each));
      }
    });

    it('an unknown, malformed or foreign after reports gap and goes live from the head', async () => {
      const bus = await make();
      const emptyTopic = topic('gap-empty');
      const emptyGap = await probe(bus, emptyTopic, '1-0');
      expect(emptyGap.gap).toBe(true);
      expect(isEventId(emptyGap.headId)).toBe(true);

      const t = topic('gap');
      const ids = await publishSeq(bus, t, [0, 1]);
      for (const after of ['', 'garbage', '1-0', '99999999999999-0', `${'9'.repeat(30)}-0`, '-1-0', '01-0']) {
        const sub = await probe(bus, t, after);
        expect(sub, `after=${after}`).toMatchObject({ gap: true, headId: ids[1] });
      }
      const got = collect();
      const sub = await bus.subscribe(t, { after: 'garbage' }, got.handler);
      expect(sub.gap).toBe(true);
      await bus.publish(t, { type: 'tick', data: { i: 2 } });
      await waitFor(() => got.events.length === 1, 5_000, 'live after gap');
      expect(got.seqs()).toEqual([2]);
    });

    it('history is bounded by count (trimmed ids report gap, recent ones replay)', async () => {
      const maxEventsPerTopic = 5;
      const bus = await make({ maxEventsPerTopic });
      const t = topic('count');
      // Enough events that an approximate trim (whole Redis stream nodes) must drop the first.
      const ids = await publishSeq(bus, t, range(0, 300));
      expect((await probe(bus, t, ids[0])).gap).toBe(true);
      const got = collect();
      const sub = await bus.subscribe(t, { after: ids[300 - maxEventsPerTopic] }, got.handler);
      expect(sub).toMatchObject({ gap: false, headId: ids[299] });
      expect(got.seqs()).toEqual(range(300 - maxEventsPerTopic + 1, 300));
    });

    it('history is bounded by age', async () => {
      const bus = await make({ maxAgeMs: 300 });
      const t = topic('age');
      const ids = await publishSeq(bus, t, [0, 1]);
      const got = collect();
      const fresh = await bus.subscribe(t, { after: ids[0] }, got.handler);
      expect(fresh.gap).toBe(false);
      expect(got.seqs()).toEqual([1]);
      fresh.unsubscribe();

      await waitFor(async () => (await probe(bus, t)).headId !== ids[1], 5_000, 'old events aged out');
      expect((await probe(bus, t, ids[0])).gap).toBe(true);
      expect((await probe(bus, t, ids[1])).gap).toBe(true);
      const [newer] = await publishSeq(bus, t, [2]);
      expect(await probe(bus, t, newer)).toMatchObject({ gap: false, headId: newer });
    });

    it('an idle topic (no subscriber, no publish) is dropped with its history', async () => {
      const bus = await make({ idleTopicMs: 200 });
      const t = topic('idle');
      const [id] = await publishSeq(bus, t, [0]);
      expect((await probe(bus, t, id)).gap).toBe(false);
      await waitFor(async () => (await probe(bus, t, id)).gap, 5_000, 'idle topic dropped');
      expect((await probe(bus, t)).headId).not.toBe(id);
    });

    it('a subscription that went live on an empty topic resumes from its head: every later event, no gap', async () => {
      const bus = await make();
      const t = topic('empty-resume');
      const { headId: head } = await probe(bus, t);
      if (head === null) throw new Error('no head on an empty topic');
      expect(await probe(bus, t, head), 'nothing published since').toMatchObject({ gap: false, headId: head });
      const ids = await publishSeq(bus, t, [0, 1, 2]);
      for (const id of ids) expect(compareEventIds(id, head)).toBeGreaterThan(0);
      const got = collect();
      const sub = await bus.subscribe(t, { after: head }, got.handler);
      expect(sub).toMatchObject({ gap: false, headId: ids[2] });
      expect(got.seqs()).toEqual([0, 1, 2]);
      const [live] = await publishSeq(bus, t, [3]);
      await waitFor(() => got.events.length === 4, 5_000, 'live after the resume');
      expect(got.events.at(-1)?.id).toBe(live);
    });

    it('an empty-topic head stops proving continuity once events after it were trimmed', async () => {
      const bus = await make({ maxEventsPerTopic: 5 });
      const t = topic('empty-trimmed');
      const { headId: head } = await probe(bus, t);
      if (head === null) throw new Error('no head on an empty topic');
      // Enough events that an approximate trim (whole Redis stream nodes) must drop the first.
      const ids = await publishSeq(bus, t, range(0, 300));
      expect(await probe(bus, t, head)).toMatchObject({ gap: true, headId: ids[299] });
    });

    it('unsubscribe stops delivery at once (even mid fan-out) and is idempotent', async () => {
      const bus = await make();
      const t = topic('unsub');
      const a = collect();
      const b = collect();
      let subB: Subscription | null = null;
      await bus.subscribe(t, {}, (event) => {
        a.handler(event);
        if ((event.data as { i: number }).i === 1) subB?.unsubscribe();
      });
      subB = await bus.subscribe(t, {}, b.handler);
      const c = collect();
      const subC = await bus.subscribe(t, {}, c.handler);
      expect(bus.stats().subscriptions).toBe(3);

      await publishSeq(bus, t, [0, 1]);
      subC.unsubscribe();
      subC.unsubscribe();
      await publishSeq(bus, t, [2, 3]);
      await waitFor(() => a.events.length === 4, 5_000, 'first subscriber got all');
      expect(b.seqs()).toEqual([0]);
      expect(c.seqs().length).toBeLessThanOrEqual(2);
      expect(c.seqs()).toEqual([0, 1].slice(0, c.seqs().length));
      subB.unsubscribe();
      expect(bus.stats().subscriptions).toBe(1);
    });

    it('a throwing handler does not stop delivery to others, live or replayed', async () => {
      const bus = await make();
      const t = topic('throw');
      const ids = await publishSeq(bus, t, [0, 1, 2]);
      let thrown = 0;
      const thrower = () => {
        thrown += 1;
        throw new Error('handler bug');
      };
      const replayThrower = await bus.subscribe(t, { after: ids[0] }, thrower);
      expect(replayThrower.gap).toBe(false);
      expect(thrown).toBe(2);
      const got = collect();
      await bus.subscribe(t, {}, got.handler);
      await publishSeq(bus, t, [3, 4]);
      await waitFor(() => got.events.length === 2 && thrown === 4, 5_000, 'delivered past the thrower');
      expect(got.seqs()).toEqual([3, 4]);
    });

    it('10,000 topics, each with a subscriber and a publish: all delivered exactly once', async () => {
      const bus = await make();
      const n = 10_000;
      const prefix = topic('many');
      const counts = new Array<number>(n).fill(0);
      let delivered = 0;
      const subs = await Promise.all(
        range(0, n).map((i) =>
          bus.subscribe(`${prefix}:${i}`, {}, (event) => {
            const i = (event.data as { i: number }).i;
            counts[i] = (counts[i] ?? 0) + 1;
            delivered += 1;
          }),
        ),
      );
      expect(bus.stats()).toEqual({ topics: n, subscriptions: n });
      await Promise.all(range(0, n).map((i) => bus.publish(`${prefix}:${i}`, { type: 'tick', data: { i } })));
      await waitFor(() => delivered >= n, 20_000, 'all delivered');
      expect(counts.every((count) => count === 1)).toBe(true);
      for (const sub of subs) sub.unsubscribe();
      expect(bus.stats().subscriptions).toBe(0);
    }, 40_000);

    it('stats count topics and subscriptions and return to zero after unsubscribing all', async () => {
      const bus = await make();
      const topics = [topic('stats'), topic('stats'), topic('stats')];
      const subs = await Promise.all(topics.flatMap((t) => [bus.subscribe(t, {}, noop), bus.subscribe(t, {}, noop)]));
      expect(bus.stats()).toEqual({ topics: 3, subscriptions: 6 });
      for (const sub of subs) sub.unsubscribe();
      for (const sub of subs) sub.unsubscribe();
      expect(bus.stats()).toEqual({ topics: 0, subscriptions: 0 });
    });

    it('close stops delivery and rejects later calls with BUS_CLOSED', async () => {
      const bus = await make();
      const t = topic('close');
      const got = collect();
      const sub = await bus.subscribe(t, {}, got.handler);
      await bus.close();
      expect(bus.stats()).toEqual({ topics: 0, subscriptions: 0 });
      sub.unsubscribe();
      await expectCode(bus.publish(t, { type: 'tick', data: { i: 0 } }), 'BUS_CLOSED');
      await expectCode(bus.subscribe(t, {}, noop), 'BUS_CLOSED');
      await bus.close();
      expect(got.events).toEqual([]);
    });

    it('rejects a bad topic, message or handler with a stable code', async () => {
      const bus = await make();
      await expectCode(bus.publish('', { type: 'tick', data: null }), 'BUS_INVALID_TOPIC');
      await expectCode(bus.publish('x'.repeat(1000), { type: 'tick', data: null }), 'BUS_INVALID_TOPIC');
      await expectCode(bus.publish('t', { type: '', data: null }), 'BUS_INVALID_MESSAGE');
      await expectCode(bus.publish('t', null as never), 'BUS_INVALID_MESSAGE');
      await expectCode(bus.subscribe('', {}, noop), 'BUS_INVALID_TOPIC');
      await expectCode(bus.subscribe('t', {}, null as never), 'BUS_INVALID_HANDLER');
      expect(bus.stats()).toEqual({ topics: 0, subscriptions: 0 });
    });
  });
}
