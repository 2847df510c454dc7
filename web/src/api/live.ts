/**
 * Live updates: reads `GET /api/v1/events/stream` (Server-Sent Events) with fetch, so the
 * access token travels in the Authorization header as on every other call (EventSource cannot
 * send headers, and a token in the URL would reach logs). Each event invalidates the ticket's
 * own queries and every ticket list (see keys.ts); TanStack Query refetches what is on screen.
 * Only data is refetched: forms keep what the user typed.
 */
import { useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { TICKETS, isTicketListKey } from './keys';
import { baseOrigin, session } from './session';
import { useUser } from './useSession';

export const STREAM_PATH = '/api/v1/events/stream';

export interface LiveEvent {
  type: string;
  reference: string;
  ticket_id?: string;
  at?: string;
}

/** The ticket event in one SSE frame, or null when the frame carries none (unknown shape). */
export function parseLiveEvent(msg: EventSourceMessage): LiveEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(msg.data);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { reference, type } = data as Record<string, unknown>;
  if (typeof reference !== 'string' || reference === '') return null;
  return { ...(data as LiveEvent), type: typeof type === 'string' ? type : (msg.event ?? 'message') };
}

/**
 * Whether a query shows data that events on these tickets may have changed: every list of
 * tickets, and everything under one of these tickets' keys. `null` means "anything about
 * tickets" (after a gap in the stream that could not be resumed).
 */
export function isAffected(queryKey: readonly unknown[], references: ReadonlySet<string> | null): boolean {
  if (queryKey[0] !== TICKETS) return false;
  if (references === null || isTicketListKey(queryKey)) return true;
  return typeof queryKey[2] === 'string' && references.has(queryKey[2]);
}

export const MAX_BACKOFF_MS = 30_000;

/**
 * The wait before reconnect attempt `attempt` (0 for the first after a failure): the server's
 * `retry` doubled per failed attempt, capped, with jitter (between half and all of it) so that
 * many browsers dropped at once by a restart do not come back in one wave.
 */
export function reconnectDelay(attempt: number, retryMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, retryMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export interface Timers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (id: unknown) => void;
  now: () => number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/**
 * Collects the references of a burst of events and flushes them together: a lone event after
 * `settleMs` (the server's related events, like a ticket's creation and its triage, arrive
 * together), then at most once per `gapMs`, so a hundred events in a second cost two refetches
 * of the list rather than a hundred, and a change still shows well within a second.
 *
 * A flush may return a promise (the refetches it started): the next flush waits for it. On a
 * busy server a refetch can take longer than `gapMs`, and a new invalidation would cancel it
 * and start over, again and again, so the list would not change at all for seconds.
 */
export function createCoalescer(
  flush: (references: Set<string> | null) => unknown,
  { settleMs = 50, gapMs = 500, timers = realTimers }: { settleMs?: number; gapMs?: number; timers?: Timers } = {},
) {
  let pending: Set<string> | null = new Set();
  let timer: unknown = null;
  let lastFlush = -Infinity;
  let flushing = false;
  let stopped = false;

  const hasPending = () => pending === null || pending.size > 0;
  const run = () => {
    timer = null;
    const refs = pending;
    pending = new Set();
    lastFlush = timers.now();
    const done = flush(refs);
    if (done instanceof Promise) {
      flushing = true;
      void done
        .catch(() => undefined)
        .finally(() => {
          flushing = false;
          if (hasPending()) schedule();
        });
    }
  };
  const schedule = () => {
    if (timer !== null || flushing || stopped) return;
    const wait = Math.max(settleMs, lastFlush + gapMs - timers.now());
    timer = timers.setTimeout(run, wait);
  };
  return {
    add(reference: string) {
      pending?.add(reference);
      schedule();
    },
    /** Everything about tickets may have changed. */
    addAll() {
      pending = null;
      schedule();
    },
    cancel() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}

export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting';

export interface LiveOptions {
  /** Called for each ticket event. */
  onEvent: (e: LiveEvent) => void;
  /** Called when events may have been missed and could not be resumed (reconnected without an id). */
  onGap: () => void;
  onStatus: (s: LiveStatus) => void;
  fetch?: (input: Request) => Promise<Response>;
  /** Waits ms, resolving early (to false) when aborted. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<boolean>;
  random?: () => number;
  now?: () => number;
  /** A stream that sends nothing (not even the 15 s keep-alive) for this long is dropped. */
  stallMs?: number;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const id = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(id);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A stream that stayed open this long ended normally (the token expired): reconnect at once. */
const HEALTHY_MS = 10_000;

/**
 * Holds the stream open until `stop()`: reconnects with backoff and `Last-Event-ID`; on a 401
 * buys a new access token the way the API client does (one shared refresh; the login ends
 * when it fails) and reconnects.
 */
export function connectLive(opts: LiveOptions): () => void {
  const doFetch = opts.fetch ?? ((r: Request) => globalThis.fetch(r));
  const sleep = opts.sleep ?? abortableSleep;
  const now = opts.now ?? (() => Date.now());
  const stallMs = opts.stallMs ?? 45_000;
  const controller = new AbortController();
  const { signal } = controller;
  // Nothing is reported once stopped: a new stream may already be reporting its own status.
  const report = (s: LiveStatus) => {
    if (!signal.aborted) opts.onStatus(s);
  };

  let lastEventId: string | undefined;
  let retryMs = 2000;
  let attempt = 0;
  let connectedBefore = false;

  const parser = createParser({
    onEvent(msg) {
      if (msg.id) lastEventId = msg.id;
      const e = parseLiveEvent(msg);
      if (e) opts.onEvent(e);
    },
    onRetry(ms) {
      retryMs = ms;
    },
  });

  /** Reads one connection to its end. Returns what ended it, and the token it was opened with. */
  async function once(): Promise<{ outcome: 'ended' | 'unauthorized' | 'failed'; token: string | null }> {
    const token = session.accessToken();
    const headers = new Headers({ Accept: 'text/event-stream' });
    if (token) headers.set('Authorization', `Bearer ${token}`);
    if (lastEventId) headers.set('Last-Event-ID', lastEventId);
    // One controller per connection, so the stall watchdog can drop just this one.
    const conn = new AbortController();
    const onStop = () => conn.abort();
    signal.addEventListener('abort', onStop, { once: true });
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const feedWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => conn.abort(), stallMs);
    };
    const outcome = await (async () => {
      feedWatchdog();
      const res = await doFetch(
        new Request(new URL(STREAM_PATH, baseOrigin()), { headers, signal: conn.signal, cache: 'no-store', credentials: 'same-origin' }),
      );
      if (res.status === 401) {
        await res.body?.cancel().catch(() => undefined);
        return token ? ('unauthorized' as const) : ('failed' as const);
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel().catch(() => undefined);
        return 'failed' as const;
      }
      const resumed = lastEventId !== undefined;
      attempt = 0;
      report('live');
      // Reconnected with nothing to resume from: whatever happened meanwhile is unknown.
      if (connectedBefore && !resumed) opts.onGap();
      connectedBefore = true;
      parser.reset();
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        feedWatchdog();
        parser.feed(decoder.decode(value, { stream: true }));
      }
      return 'ended' as const;
    })()
      .catch(() => 'failed' as const)
      .finally(() => {
        clearTimeout(watchdog);
        signal.removeEventListener('abort', onStop);
      });
    return { outcome, token };
  }

  void (async () => {
    report('connecting');
    while (!signal.aborted) {
      const started = now();
      const { outcome, token } = await once();
      if (signal.aborted) break;
      report('reconnecting');
      let wait: number;
      if (outcome === 'unauthorized') {
        // As the client's middleware does: another request may have refreshed meanwhile.
        const current = session.accessToken();
        const fresh = current && current !== token ? true : await session.refresh();
        if (!fresh) {
          session.expire();
          break;
        }
        wait = attempt++ === 0 ? 0 : reconnectDelay(attempt, retryMs, opts.random);
      } else if (outcome === 'ended' && now() - started >= HEALTHY_MS) {
        wait = 0;
      } else {
        wait = reconnectDelay(attempt++, retryMs, opts.random);
      }
      if (wait > 0 && !(await sleep(wait, signal))) break;
    }
    report('off');
  })();

  return () => controller.abort();
}

// ---- status for the "live" indicator ----

let status: LiveStatus = 'off';
const listeners = new Set<() => void>();
function setStatus(s: LiveStatus) {
  if (s === status) return;
  status = s;
  for (const l of listeners) l();
}
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const getStatus = () => status;

/** Whether the live stream is connected, re-rendering when that changes. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribe, getStatus, getStatus);
}

/** Starts the stream and turns its events into (coalesced) query invalidations. */
export function startLiveUpdates(queryClient: QueryClient): () => void {
  const coalescer = createCoalescer((refs) => queryClient.invalidateQueries({ predicate: (q) => isAffected(q.queryKey, refs) }));
  const stop = connectLive({
    onEvent: (e) => coalescer.add(e.reference),
    onGap: () => coalescer.addAll(),
    onStatus: setStatus,
  });
  return () => {
    stop();
    coalescer.cancel();
    setStatus('off');
  };
}

/** Keeps the live stream open while someone is logged in (staff and customers alike). */
export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const userId = useUser()?.id;
  useEffect(() => (userId ? startLiveUpdates(queryClient) : undefined), [userId, queryClient]);
  return children;
}
