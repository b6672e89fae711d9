/**
 * A tiny in-memory `EventBus` for the SSE tests, with the interface's semantics (bounded
 * history, replay-then-live, `gap`, `headId`) and hooks to make subscribe slow. The real
 * buses live in lib/bus/; this module must not depend on their implementation.
 */
import type { BusEvent, BusHandler, BusMessage, EventBus, Subscription } from '@/lib/bus/types';

interface Topic {
  history: BusEvent[];
  handlers: Set<BusHandler>;
}

export interface FakeBus extends EventBus {
  /** Awaited inside every `subscribe` before it registers; set it to make subscribing slow. */
  gate: (() => Promise<void>) | undefined;
  /** Live subscriptions across all topics. */
  subscriptions(): number;
  /** Calls to `subscribe`, resolved or not. */
  subscribeCalls(): number;
}

export function createFakeBus(options: { maxEventsPerTopic?: number } = {}): FakeBus {
  const maxEvents = options.maxEventsPerTopic ?? 100;
  const topics = new Map<string, Topic>();
  let seq = 0;
  let subscriptions = 0;
  let subscribeCalls = 0;

  const topicOf = (name: string): Topic => {
    let topic = topics.get(name);
    if (!topic) {
      topic = { history: [], handlers: new Set() };
      topics.set(name, topic);
    }
    return topic;
  };

  const bus: FakeBus = {
    gate: undefined,
    async publish(name: string, message: BusMessage): Promise<string> {
      const topic = topicOf(name);
      // Same `<ms>-<seq>` shape as the real ids; the first part is the sequence so that
      // ids compare in publish order in tests.
      const event: BusEvent = { id: `${++seq}-0`, topic: name, type: message.type, data: message.data };
      topic.history.push(event);
      if (topic.history.length > maxEvents) topic.history.shift();
      // One event object for every subscriber, as the real bus does (the encode cache relies on it).
      for (const handler of [...topic.handlers]) handler(event);
      return event.id;
    },
    async subscribe(name, { after }, handler): Promise<Subscription> {
      subscribeCalls++;
      if (bus.gate) await bus.gate();
      const topic = topicOf(name);
      const last = topic.history.at(-1)?.id ?? null;
      let gap = false;
      let headId = last;
      let replay: BusEvent[] = [];
      if (after !== undefined) {
        const index = topic.history.findIndex((event) => event.id === after);
        if (index < 0) {
          gap = true;
        } else {
          replay = topic.history.slice(index + 1);
          headId = replay.at(-1)?.id ?? after;
        }
      }
      let active = true;
      const deliver: BusHandler = (event) => {
        if (active) handler(event);
      };
      topic.handlers.add(deliver);
      subscriptions++;
      // Replayed before the promise resolves, like a bus that pushes replay eagerly: the SSE
      // stream must hold these until it knows whether a snapshot goes first.
      for (const event of replay) deliver(event);
      return {
        gap,
        headId,
        unsubscribe() {
          if (!active) return;
          active = false;
          topic.handlers.delete(deliver);
          subscriptions--;
        },
      };
    },
    stats: () => ({ topics: topics.size, subscriptions }),
    async close() {
      for (const topic of topics.values()) topic.handlers.clear();
      subscriptions = 0;
    },
    subscriptions: () => subscriptions,
    subscribeCalls: () => subscribeCalls,
  };
  return bus;
}
