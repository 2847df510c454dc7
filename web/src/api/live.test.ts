import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectLive, createCoalescer, isAffected, MAX_BACKOFF_MS, parseLiveEvent, reconnectDelay, type LiveEvent, type LiveStatus, type Timers } from './live';
import { session } from './session';

describe('parseLiveEvent', () => {
  it('reads the ticket event of a frame', () => {
    const e = parseLiveEvent({
      id: 'c1',
      event: 'ticket.updated',
      data: '{"type":"ticket.updated","reference":"2026-000123","ticket_id":"u","at":"2026-03-02T10:00:00Z"}',
    });
    expect(e).toEqual({ type: 'ticket.updated', reference: '2026-000123', ticket_id: 'u', at: '2026-03-02T10:00:00Z' });
  });

  it('takes the type from the event field when the data has none', () => {
    expect(parseLiveEvent({ event: 'ticket.commented', data: '{"reference":"2026-000001"}' })?.type).toBe('ticket.commented');
  });

  it('ignores frames without a ticket reference or with data that is not JSON', () => {
    expect(parseLiveEvent({ data: 'hello' })).toBeNull();
    expect(parseLiveEvent({ data: '{"type":"ping"}' })).toBeNull();
    expect(parseLiveEvent({ data: '[1,2]' })).toBeNull();
    expect(parseLiveEvent({ data: 'null' })).toBeNull();
  });
});

describe('isAffected', () => {
  const refs = new Set(['2026-000123']);
  it('refetches every list of tickets', () => {
    expect(isAffected(['tickets', 'list', { status: 'open' }], refs)).toBe(true);
    expect(isAffected(['tickets', 'queue', {}], refs)).toBe(true);
  });
  it("refetches the changed ticket's own data, not another ticket's", () => {
    expect(isAffected(['tickets', 'ticket', '2026-000123', 'detail'], refs)).toBe(true);
    expect(isAffected(['tickets', 'ticket', '2026-000123', 'comments'], refs)).toBe(true);
    expect(isAffected(['tickets', 'ticket', '2026-000999', 'detail'], refs)).toBe(false);
  });
  it('leaves what is not about tickets alone', () => {
    expect(isAffected(['billing', 'coverage-table'], refs)).toBe(false);
    expect(isAffected(['me', 'views'], null)).toBe(false);
  });
  it('refetches everything about tickets after a gap', () => {
    expect(isAffected(['tickets', 'ticket', '2026-000999', 'detail'], null)).toBe(true);
  });
});

describe('reconnectDelay', () => {
  it("starts from the server's retry and doubles per failed attempt, up to a cap", () => {
    const top = () => 1;
    expect(reconnectDelay(0, 2000, top)).toBe(2000);
    expect(reconnectDelay(1, 2000, top)).toBe(4000);
    expect(reconnectDelay(3, 2000, top)).toBe(16000);
    expect(reconnectDelay(10, 2000, top)).toBe(MAX_BACKOFF_MS);
    expect(reconnectDelay(1000, 2000, top)).toBe(MAX_BACKOFF_MS);
  });
  it('spreads reconnects between half and all of the wait', () => {
    expect(reconnectDelay(1, 2000, () => 0)).toBe(2000);
    for (let i = 0; i < 50; i++) {
      const d = reconnectDelay(2, 1000);
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });
});

function fakeTimers(): Timers & { advance: (ms: number) => void } {
  let t = 0;
  let queue: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  return {
    now: () => t,
    setTimeout(fn, ms) {
      const id = next++;
      queue.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimeout(id) {
      queue = queue.filter((q) => q.id !== id);
    },
    advance(ms) {
      const until = t + ms;
      for (;;) {
        queue.sort((a, b) => a.at - b.at);
        const due = queue[0];
        if (!due || due.at > until) break;
        queue.shift();
        t = due.at;
        due.fn();
      }
      t = until;
    },
  };
}

describe('createCoalescer', () => {
  it('turns a burst of events into one invalidation carrying every reference', () => {
    const timers = fakeTimers();
    const flushes: Array<Set<string> | null> = [];
    const c = createCoalescer((r) => flushes.push(r), { settleMs: 100, gapMs: 1000, timers });
    for (let i = 0; i < 100; i++) c.add(`2026-${String(i % 7).padStart(6, '0')}`);
    expect(flushes).toHaveLength(0);
    timers.advance(100);
    expect(flushes).toHaveLength(1);
    expect(flushes[0]?.size).toBe(7);
  });

  it('flushes at most once per gap while events keep coming', () => {
    const timers = fakeTimers();
    const flushes: Array<Set<string> | null> = [];
    const c = createCoalescer((r) => flushes.push(r), { settleMs: 100, gapMs: 1000, timers });
    for (let ms = 0; ms < 3000; ms += 50) {
      c.add(`ref-${ms}`);
      timers.advance(50);
    }
    timers.advance(1000);
    // 3 s of events every 50 ms: one flush per second (plus the tail), not 60.
    expect(flushes.length).toBeGreaterThanOrEqual(3);
    expect(flushes.length).toBeLessThanOrEqual(4);
    const all = new Set(flushes.flatMap((f) => [...(f ?? [])]));
    expect(all.size).toBe(60);
  });

  it('waits for a slow flush to finish, then flushes what came meanwhile, once', async () => {
    const timers = fakeTimers();
    const flushes: Array<Set<string> | null> = [];
    let finish: () => void = () => undefined;
    const c = createCoalescer(
      (r) => {
        flushes.push(r);
        return new Promise<void>((ok) => (finish = ok));
      },
      { settleMs: 100, gapMs: 1000, timers },
    );
    c.add('a');
    timers.advance(100);
    expect(flushes).toEqual([new Set(['a'])]);
    // The refetch takes 5 s: events keep coming, but nothing interrupts it.
    for (let ms = 0; ms < 5000; ms += 250) {
      c.add(`ref-${ms}`);
      timers.advance(250);
    }
    expect(flushes).toHaveLength(1);
    finish();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    timers.advance(100);
    expect(flushes).toHaveLength(2);
    expect(flushes[1]?.size).toBe(20);
  });

  it('widens to everything after a gap, and cancels cleanly', () => {
    const timers = fakeTimers();
    const flushes: Array<Set<string> | null> = [];
    const c = createCoalescer((r) => flushes.push(r), { timers });
    c.add('a');
    c.addAll();
    c.add('b');
    timers.advance(200);
    expect(flushes).toEqual([null]);
    c.add('c');
    c.cancel();
    timers.advance(5000);
    expect(flushes).toHaveLength(1);
  });
});

/** A response whose body streams these chunks and then ends (or stays open with `hold`). */
function sse(chunks: string[], { hold = false } = {}): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(enc.encode(c));
      if (!hold) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

const frame = (id: string, ref: string, type = 'ticket.updated') =>
  `id: ${id}\nevent: ${type}\ndata: {"type":"${type}","reference":"${ref}"}\n\n`;

interface Harness {
  events: LiveEvent[];
  statuses: LiveStatus[];
  gaps: number;
  requests: Request[];
  waits: number[];
  stop: () => void;
}

/** Runs connectLive against scripted responses (one per connection), with instant waits. */
async function run(responses: Array<(req: Request) => Response | Promise<Response>>, settle = 30): Promise<Harness> {
  const h: Harness = { events: [], statuses: [], gaps: 0, requests: [], waits: [], stop: () => undefined };
  let i = 0;
  h.stop = connectLive({
    onEvent: (e) => h.events.push(e),
    onGap: () => h.gaps++,
    onStatus: (s) => h.statuses.push(s),
    random: () => 1,
    now: () => 0,
    fetch: async (req) => {
      h.requests.push(req);
      const r = responses[i++];
      if (!r) return sse([], { hold: true });
      return r(req);
    },
    sleep: async (ms) => {
      h.waits.push(ms);
      return true;
    },
  });
  await new Promise((r) => setTimeout(r, settle));
  return h;
}

describe('connectLive', () => {
  afterEach(() => session.clear());

  it('sends the bearer token and hands each ticket event over, skipping keep-alives', async () => {
    session.start({ access_token: 'tok-1', user: { id: 'u1' } as never });
    const h = await run([() => sse([': keep-alive\n\n', frame('c1', '2026-000001'), frame('c2', '2026-000002', 'ticket.created')], { hold: true })]);
    expect(h.requests[0]?.headers.get('Authorization')).toBe('Bearer tok-1');
    expect(h.requests[0]?.headers.get('Last-Event-ID')).toBeNull();
    expect(h.events.map((e) => e.reference)).toEqual(['2026-000001', '2026-000002']);
    expect(h.statuses).toEqual(['connecting', 'live']);
    h.stop();
  });

  it('parses a frame split across chunks', async () => {
    session.start({ access_token: 'tok-1', user: { id: 'u1' } as never });
    const f = frame('c9', '2026-000009');
    const h = await run([() => sse([f.slice(0, 7), f.slice(7, 30), f.slice(30)], { hold: true })]);
    expect(h.events.map((e) => e.reference)).toEqual(['2026-000009']);
    h.stop();
  });

  it('reconnects after the stream ends, resuming with Last-Event-ID', async () => {
    session.start({ access_token: 'tok-1', user: { id: 'u1' } as never });
    const h = await run([() => sse([frame('c1', '2026-000001'), frame('c2', '2026-000002')])]);
    expect(h.requests).toHaveLength(2);
    expect(h.requests[1]?.headers.get('Last-Event-ID')).toBe('c2');
    expect(h.statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    expect(h.gaps).toBe(0);
    h.stop();
  });

  it("backs off from the server's retry while connecting fails", async () => {
    session.start({ access_token: 'tok-1', user: { id: 'u1' } as never });
    const down = () => new Response('busy', { status: 503 });
    const h = await run([() => sse(['retry: 1000\n\n']), down, down, down]);
    // The short first stream counts as a failure too: 1000, 2000, 4000, 8000 ms.
    expect(h.waits).toEqual([1000, 2000, 4000, 8000]);
    expect(h.requests).toHaveLength(5);
    h.stop();
  });

  it('refreshes the access token on a 401 and reconnects with the new one', async () => {
    session.start({ access_token: 'old', user: { id: 'u1' } as never });
    const refresh = vi.spyOn(session, 'refresh').mockImplementation(async () => {
      session.start({ access_token: 'new', user: { id: 'u1' } as never });
      return true;
    });
    const h = await run([() => new Response(null, { status: 401 })]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(h.requests.map((r) => r.headers.get('Authorization'))).toEqual(['Bearer old', 'Bearer new']);
    expect(h.waits).toEqual([]);
    h.stop();
  });

  it('does not refresh again when another request already did', async () => {
    session.start({ access_token: 'old', user: { id: 'u1' } as never });
    const refresh = vi.spyOn(session, 'refresh');
    const h = await run([
      () => {
        session.start({ access_token: 'renewed-elsewhere', user: { id: 'u1' } as never });
        return new Response(null, { status: 401 });
      },
    ]);
    expect(refresh).not.toHaveBeenCalled();
    expect(h.requests[1]?.headers.get('Authorization')).toBe('Bearer renewed-elsewhere');
    h.stop();
  });

  it('ends the login when the refresh fails, and stops', async () => {
    session.start({ access_token: 'old', user: { id: 'u1' } as never });
    vi.spyOn(session, 'refresh').mockResolvedValue(false);
    const expire = vi.spyOn(session, 'expire');
    const h = await run([() => new Response(null, { status: 401 })]);
    expect(expire).toHaveBeenCalledTimes(1);
    expect(h.requests).toHaveLength(1);
    expect(h.statuses.at(-1)).toBe('off');
  });

  it('reports a gap when it reconnects with nothing to resume from', async () => {
    session.start({ access_token: 'tok-1', user: { id: 'u1' } as never });
    const h = await run([() => sse([': keep-alive\n\n'])]);
    expect(h.requests).toHaveLength(2);
    expect(h.gaps).toBe(1);
    h.stop();
  });

  it('stops reading and reports nothing more once stopped', async () => {
    session.start({ access_token: 'tok-1', user: { id: 'u1' } as never });
    const h = await run([(req) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          req.signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body, { status: 200 });
    }]);
    h.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(h.requests).toHaveLength(1);
    expect(h.statuses).toEqual(['connecting', 'live']);
  });
});
