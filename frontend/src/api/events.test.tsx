import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { REFRESH_INTERVAL_MS, useLiveUpdates } from './events';
import { keys } from './queries';

/** The one stream the hook opens, driven by the test as the server would. */
class FakeEventSource {
  static OPEN = 1;
  static last: FakeEventSource | undefined;
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((event: MessageEvent) => void)[]>();
  closed = false;

  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }
  change(data: string) {
    for (const listener of this.listeners.get('change') ?? []) listener(new MessageEvent('change', { data }));
  }
}

const cached = [keys.status, keys.stages, keys.users, keys.assessments, keys.settings, keys.invitationsAll, keys.activityAll];

function setUp() {
  const client = new QueryClient();
  for (const key of cached) client.setQueryData(key, 'answer');
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  const hook = renderHook(() => useLiveUpdates(), { wrapper });
  const source = FakeEventSource.last!;
  act(() => source.open());
  // What is out of date, then all answers taken as fresh again for the next step.
  const refreshed = () => {
    const marked = cached.filter((key) => client.getQueryState(key)?.isInvalidated).map((key) => key[0]);
    for (const key of cached) client.setQueryData(key, 'answer');
    return marked;
  };
  return { hook, source, refreshed };
}

describe('useLiveUpdates', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is connected once the stream opens, and closes it when the screen goes', () => {
    const { hook, source } = setUp();
    expect(source.url).toBe('/api/events');
    expect(hook.result.current).toBe(true);
    hook.unmount();
    expect(source.closed).toBe(true);
  });

  it('refreshes only the answers of the topics an event names', () => {
    const { source, refreshed } = setUp();
    source.change('{"changed":["invitations","activity"]}');
    expect(refreshed()).toEqual(['invitations', 'activity']);

    vi.advanceTimersByTime(REFRESH_INTERVAL_MS);
    source.change('{"changed":["lever"]}');
    expect(refreshed()).toEqual(['stages', 'users']);
  });

  it('for an event from an older server, refreshes our own answers and never the live reads', () => {
    const { source, refreshed } = setUp();
    source.change('{}');
    expect(refreshed()).toEqual(['status', 'settings', 'invitations', 'activity']);
  });

  it('gathers the topics of events that come close together into the next refresh', () => {
    const { source, refreshed } = setUp();
    source.change('{"changed":["status"]}');
    expect(refreshed()).toEqual(['status']);
    source.change('{"changed":["settings"]}');
    source.change('{"changed":["assessments"]}');
    expect(refreshed()).toEqual([]);
    vi.advanceTimersByTime(REFRESH_INTERVAL_MS);
    expect(refreshed()).toEqual(['assessments', 'settings']);
  });

  it('after a reconnect, refreshes our own answers, which may have changed meanwhile', () => {
    const { source, refreshed } = setUp();
    expect(refreshed()).toEqual([]);
    act(() => source.open());
    expect(refreshed()).toEqual(['status', 'settings', 'invitations', 'activity']);
  });
});
