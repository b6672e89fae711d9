'use client';

import { useState } from 'react';
import type { SurgeEvent } from '@/lib/protocol/sse-events';
import { receiveSurge, type SurgeCells } from '@/lib/stores/surge-state';
import { useEventSource } from './use-event-source';

/** Live surge cells from `/api/surge/stream`, and the stream's status. */
export function useSurge() {
  const [cells, setCells] = useState<SurgeCells>(() => new Map());
  const status = useEventSource({
    url: '/api/surge/stream',
    events: ['surge'],
    onEvent: (_type, data) => setCells((current) => receiveSurge(current, data as SurgeEvent)),
  });
  return { cells, status };
}
