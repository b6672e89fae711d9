'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createRideStore, type RideStore, type RideStoreApi } from './ride-store';

const RideStoreContext = createContext<RideStoreApi | null>(null);

/** Provides one ride store to a tree (one per signed-in app page). */
export function RideStoreProvider({ selfId, children }: { selfId: string; children: ReactNode }) {
  const [store] = useState(() => createRideStore(selfId));
  return <RideStoreContext.Provider value={store}>{children}</RideStoreContext.Provider>;
}

/** The store itself, for actions and non-rendering reads. */
export function useRideStoreApi(): RideStoreApi {
  const store = useContext(RideStoreContext);
  if (!store) throw new Error('useRideStore must be used inside <RideStoreProvider>');
  return store;
}

/** A narrow selection of the ride store (use `useShallow` for derived arrays or objects). */
export function useRideStore<T>(selector: (state: RideStore) => T): T {
  return useStore(useRideStoreApi(), selector);
}
