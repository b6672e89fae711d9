'use client';

import { useCallback, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const keyFor = (userId: string) => `curbside.driver.online.${userId}`;

function read(key: string): boolean {
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
    try {
      if (next) window.sessionStorage.setItem(key, '1');
      else window.sessionStorage.removeItem(key);
    } catch {
      // Storage refused (private mode): the switch still works for this page.
      memory.set(key, next);
    }
    for (const listener of listeners) listener();
  }, [key]);
  return [online || memory.get(key) === true, setOnline];
}

/** Where the switch lives when the browser refuses storage. */
const memory = new Map<string, boolean>();
