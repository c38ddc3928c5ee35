import { describe, expect, it } from 'vitest';
import { ApiError, createTriageApi } from './api';
import type { Session } from './session';
import { keepSessionAlive } from './session-renewal';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const MIN = 60_000;

const session = (token: string, endsInMin: number, from = T0): Session => ({
  token,
  expiresAt: new Date(from + endsInMin * MIN).toISOString(),
  tenant: 'acme',
  user: { id: '1001', role: 'agent' },
});

/** A hand-driven clock and timer queue: `advance` runs whatever falls due, in order. */
function fakeTime() {
  let now = T0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    schedule: (fn: () => void, ms: number) => {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    pending: () => timers.map((t) => t.at - now),
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
        // Let the renewal's promise settle before the next timer.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      now = until;
    },
  };
}

describe('keepSessionAlive', () => {
  it('renews two minutes before the session ends, again and again, and the API sends the newest token', async () => {
    const time = fakeTime();
    const sent: string[] = [];
    let issued = 0;
    const keeper = keepSessionAlive({
      initial: session('t0', 15),
      renew: () => {
        issued += 1;
        return Promise.resolve(session(`t${issued}`, 15, time.now()));
      },
      now: time.now,
      schedule: time.schedule,
    });
    const api = createTriageApi({
      token: () => keeper.current().token,
      fetch: (_url, init) => {
        sent.push(new Headers(init?.headers).get('Authorization') ?? '');
        return Promise.resolve(
          new Response(JSON.stringify({ ok: true, data: { caseRef: 'x', actions: [] } })),
        );
      },
    });
    expect(time.pending()).toEqual([13 * MIN]);
    await time.advance(13 * MIN - 1);
    expect(issued).toBe(0);
    await time.advance(1);
    expect(issued).toBe(1);
    expect(keeper.current().token).toBe('t1');
    await time.advance(60 * MIN);
    expect(issued).toBe(5);
    await api.actions('x').catch(() => undefined);
    expect(sent).toEqual(['Bearer t5']);
    keeper.stop();
    expect(time.pending()).toEqual([]);
  });

  it('retries a failure that may pass while the session lasts, and stops for good on a refusal', async () => {
    const time = fakeTime();
    const answers: (() => Promise<Session>)[] = [
      () => Promise.reject(new ApiError(0, null)),
      () => Promise.reject(new ApiError(503, null)),
      () => Promise.resolve(session('t1', 15, time.now())),
      () => Promise.reject(new ApiError(401, { code: 'unauthenticated', message: 'Reload the ticket.' })),
    ];
    let calls = 0;
    const keeper = keepSessionAlive({
      initial: session('t0', 15),
      renew: () => (answers[calls++] ?? (() => Promise.reject(new Error('no more'))))(),
      isFinal: (e) => e instanceof ApiError && (e.status === 401 || e.status === 403),
      now: time.now,
      schedule: time.schedule,
    });
    await time.advance(13 * MIN);
    expect(calls).toBe(1);
    expect(time.pending()).toEqual([30_000]);
    await time.advance(60_000);
    expect(calls).toBe(3);
    expect(keeper.current().token).toBe('t1');
    await time.advance(13 * MIN);
    expect(calls).toBe(4);
    expect(time.pending()).toEqual([]);
    expect(keeper.current().token).toBe('t1');
  });

  it('gives up retrying when the session would end before the next try', async () => {
    const time = fakeTime();
    let calls = 0;
    keepSessionAlive({
      initial: session('t0', 15),
      renew: () => {
        calls += 1;
        return Promise.reject(new ApiError(0, null));
      },
      now: time.now,
      schedule: time.schedule,
    });
    await time.advance(30 * MIN);
    // At 13:00, 13:30, 14:00 and 14:30; a try at 15:00 would come after the end.
    expect(calls).toBe(4);
    expect(time.pending()).toEqual([]);
  });
});
