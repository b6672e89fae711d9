import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StrictMode, createElement } from 'react';
import { type NullDomRoot, createNullDomRoot, removeNullDom } from './testing/null-dom-root';
import { type UseSessionGuardOptions, useSessionGuard } from './use-session-guard';

let root: NullDomRoot;
beforeEach(() => {
  root = createNullDomRoot();
});
afterEach(() => {
  removeNullDom();
});

function harness(status: () => number | Error) {
  const fetchImpl = vi.fn(async () => {
    const answer = status();
    if (answer instanceof Error) throw answer;
    return { status: answer };
  });
  const onSignedOut = vi.fn();
  function Probe(props: Pick<UseSessionGuardOptions, 'attempts'>) {
    useSessionGuard({ attempts: props.attempts, onSignedOut, fetchImpl });
    return null;
  }
  // A render, then let the check's promise settle inside act.
  const render = async (attempts: number[]) => {
    await root.render(createElement(StrictMode, null, createElement(Probe, { attempts })));
    await root.act(() => {});
  };
  return { fetchImpl, onSignedOut, render };
}

describe('useSessionGuard', () => {
  it('does not ask while connections are healthy or have failed once', async () => {
    const h = harness(() => 401);
    await h.render([0, 0]);
    await h.render([1, 0]);
    expect(h.fetchImpl).not.toHaveBeenCalled();
    expect(h.onSignedOut).not.toHaveBeenCalled();
  });

  it('signs out when a connection keeps failing and the server says the session is gone', async () => {
    const h = harness(() => 401);
    await h.render([2, 0]);
    expect(h.fetchImpl).toHaveBeenCalled();
    expect(h.onSignedOut).toHaveBeenCalledTimes(1);
  });

  it('stays put when the session is valid (an outage, not an expiry) or the check fails; asks again at the next failure', async () => {
    let answer: number | Error = 200;
    const h = harness(() => answer);
    await h.render([2]);
    answer = new TypeError('Failed to fetch');
    await h.render([3]);
    answer = 503;
    await h.render([4]);
    expect(h.onSignedOut).not.toHaveBeenCalled();
    const asked = h.fetchImpl.mock.calls.length;
    // Same streak, re-rendered: no new request.
    await h.render([4]);
    expect(h.fetchImpl.mock.calls.length).toBe(asked);
    answer = 401;
    await h.render([5]);
    expect(h.onSignedOut).toHaveBeenCalledTimes(1);
  });
});
