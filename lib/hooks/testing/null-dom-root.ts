import { type ReactNode, act } from 'react';
import { type Root, createRoot } from 'react-dom/client';

/**
 * Renders hooks with the real react-dom client renderer without jsdom (not installed here;
 * packages may not be added). Components under test render `null`, so react-dom touches only
 * the few members stubbed below: event registration on the container and its document,
 * `window.event` (update priority), and `HTMLIFrameElement` / `document` (focus tracking at
 * commit). If a React upgrade needs more, these tests fail loudly rather than pass silently.
 */
export interface NullDomRoot {
  render(node: ReactNode): Promise<void>;
  unmount(): Promise<void>;
  /** Runs `fn` inside `act` so state updates it causes are flushed before asserting. */
  act(fn: () => void): Promise<void>;
}

/** Installs the stub `window` (with `location`) and returns a root on a stub container. */
export function createNullDomRoot(location = { protocol: 'http:', host: 'test.local:3000' }): NullDomRoot {
  const scope = globalThis as Record<string, unknown>;
  scope.IS_REACT_ACT_ENVIRONMENT = true;
  scope.window = Object.assign(new EventTarget(), {
    event: undefined, document: undefined, HTMLIFrameElement: class {}, location,
  });
  const ownerDocument = Object.assign(new EventTarget(), { nodeType: 9, nodeName: '#document' });
  const container = Object.assign(new EventTarget(), {
    nodeType: 1, nodeName: 'DIV', tagName: 'DIV', ownerDocument,
  }) as unknown as Element;
  const root: Root = createRoot(container);
  return {
    render: (node) => act(async () => { root.render(node); }),
    unmount: () => act(async () => { root.unmount(); }),
    act: (fn) => act(async () => { fn(); }),
  };
}

/** Removes the stub globals installed by {@link createNullDomRoot}. */
export function removeNullDom(): void {
  const scope = globalThis as Record<string, unknown>;
  delete scope.window;
  delete scope.IS_REACT_ACT_ENVIRONMENT;
}
