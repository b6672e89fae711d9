'use client';

import { useEffect, useState } from 'react';
import { createRoadGraph, type RoadGraph } from '@/lib/city/road-graph';

/** The city's road graph for routing in the browser, loaded once from `/city/roads.json`. */
export function useRoadGraph(): { graph: RoadGraph | null; error: string | null } {
  const [result, setResult] = useState<{ graph: RoadGraph | null; error: string | null }>({ graph: null, error: null });
  useEffect(() => {
    const abort = new AbortController();
    fetch('/city/roads.json', { signal: abort.signal })
      .then((response) => {
        if (!response.ok) throw new Error(`roads.json: HTTP ${response.status}`);
        return response.json() as Promise<unknown>;
      })
      .then((data) => setResult({ graph: createRoadGraph(data), error: null }))
      .catch((error: unknown) => {
        if (!abort.signal.aborted) setResult({ graph: null, error: error instanceof Error ? error.message : String(error) });
      });
    return () => abort.abort();
  }, []);
  return result;
}
