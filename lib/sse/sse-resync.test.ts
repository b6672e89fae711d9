import { describe, expect, it } from 'vitest';
import { createFakeBus } from './testing/fake-bus';
import { createSseReader } from './testing/sse-reader';
import { expectClean, openStream, publishRides, TOPIC } from './testing/stream-harness';
import { waitFor } from '@/lib/testing/wait-for';

describe('createSseStream when the bus loses history under a live stream', () => {
  it('ends the stream gracefully with "resync" and cleans up, so the client reconnects and gets a snapshot', async () => {
    let signalGap: (() => void) | undefined;
    const bus = createFakeBus();
    const h = openStream({
      bus,
      subscribe: (after, onEvent, onGap) => {
        signalGap = onGap;
        return bus.subscribe(TOPIC, { after }, onEvent);
      },
    });
    const reader = createSseReader(h.stream);
    await reader.nextEvent(); // the snapshot
    await publishRides(h.bus, 2);
    await reader.nextEvent();
    await reader.nextEvent();
    signalGap!();
    expect(await reader.rest()).toEqual([]); // a clean end of stream, not an error
    await waitFor(() => h.closes.length === 1, 2000, 'close');
    expect(h.closes).toEqual(['resync']);
    expectClean(h);
  });
});
