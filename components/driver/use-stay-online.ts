'use client';

import { useCallback, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
/** This page's own value: it wins over storage, which may refuse writes (private mode, quota). */
const memory = new Map<string, boolean>();
const keyFor = (userId: string) => `curbside.driver.online.${userId}`;

function read(key: string): boolean {
  const held = memory.get(key);
  if (held !== undefined) return held;
  try {
    return window.sessionStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

/**
 * The driver's Online switch, kept for this tab: a reload (or a crash of the page) mid-shift
 * comes back online, as a driver app does. Offline on the server render and in a new tab.
 */
export function useStayOnline(userId: string): [boolean, (online: boolean) => void] {
  const key = keyFor(userId);
  const online = useSyncExternalStore(subscribe, () => read(key), () => false);
  const setOnline = useCallback((next: boolean) => {
    memory.set(key, next);
    try {
      if (next) window.sessionStorage.setItem(key, '1');
      else window.sessionStorage.removeItem(key);
    } catch {
      // Storage refused: the switch still works for this page.
    }
    for (const listener of listeners) listener();
  }, [key]);
  return [online, setOnline];
}
