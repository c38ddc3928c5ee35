import { invokeRemote, view } from '@forge/bridge';
import { fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './app';
import { noteFixture, packetFixture } from './testing/fixtures';

const AGENT = '5b10a2844c20165700ede21g';

function context(locale = 'en-US') {
  return {
    accountId: AGENT,
    cloudId: 'site-1',
    siteUrl: 'https://acme.atlassian.net',
    locale,
    extension: { type: 'jira:issueContext', issue: { key: 'SUP-842' }, project: { key: 'SUP' } },
  };
}

type Route = (body: unknown) => { status: number; body: unknown };

/** A fake backend behind the bridge: answers by method and path, records what was called. */
function backend(routes: Record<string, Route>) {
  const calls: string[] = [];
  vi.mocked(invokeRemote).mockImplementation((input) => {
    const key = `${input.method} ${input.path}`;
    calls.push(key);
    const route = routes[key];
    const answer = route
      ? route(input.body)
      : { status: 404, body: { ok: false, error: { code: 'not_found', message: 'nothing here' } } };
    return Promise.resolve({
      status: answer.status,
      headers: {},
      body: answer.body as Record<string, unknown>,
    });
  });
  return calls;
}

const ok = (data: unknown) => () => ({ status: 200, body: { ok: true, data } });

beforeEach(() => {
  vi.mocked(view.getContext).mockResolvedValue(context() as never);
});

describe('the JSM panel', () => {
  it('builds the packet on first open (no case yet), then shows the sections and a failed source', async () => {
    const calls = backend({
      'GET /v1/cases/SUP-842/packet': () => ({
        status: 404,
        body: { ok: false, error: { code: 'case_not_found', message: 'No such case.' } },
      }),
      'POST /v1/forge/issues/SUP-842/sync': ok(packetFixture()),
      'GET /v1/cases/SUP-842/actions': ok({
        caseRef: 'SUP-842',
        packetId: 'pkt_1',
        actions: [noteFixture()],
      }),
    });
    render(<App />);
    await screen.findByText('Post the triage summary as an internal note');
    expect(screen.getByText('billing-ops')).toBeTruthy();
    expect(screen.getByText(/Some sources did not answer.*billing/)).toBeTruthy();
    expect(calls).toEqual([
      'GET /v1/cases/SUP-842/packet',
      'POST /v1/forge/issues/SUP-842/sync',
      'GET /v1/cases/SUP-842/actions',
    ]);
  });

  it('approves the exact payload shown and follows the write-back to done', async () => {
    const approved = noteFixture({
      state: 'approved',
      requester: { kind: 'person', id: `jsm:${AGENT}` },
      approval: {
        approver: { kind: 'person', id: `jsm:${AGENT}`, role: 'agent' },
        role: 'agent',
        approvedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    });
    const done = {
      ...approved,
      state: 'done',
      writeBack: {
        id: 'wb1',
        status: 'done',
        attempts: 1,
        lastError: null,
        externalId: '30001',
        url: null,
        nextAttemptAt: null,
        updatedAt: new Date().toISOString(),
      },
    };
    const approvals: unknown[] = [];
    backend({
      'GET /v1/cases/SUP-842/packet': ok(packetFixture()),
      'GET /v1/cases/SUP-842/actions': ok({
        caseRef: 'SUP-842',
        packetId: 'pkt_1',
        actions: [noteFixture()],
      }),
      'POST /v1/actions/pkt_1~note/approve': (body) => {
        approvals.push(body);
        return { status: 200, body: { ok: true, data: approved } };
      },
      'GET /v1/actions/pkt_1~note': ok({
        action: done,
        audit: [
          {
            seq: 4,
            ts: new Date().toISOString(),
            actor: { kind: 'person', id: `jsm:${AGENT}` },
            action: 'approval.granted',
            objectType: 'action',
            objectId: 'pkt_1~note',
            payloadHash: 'a'.repeat(64),
          },
        ],
      }),
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    await screen.findByText('Written back');
    expect(approvals).toEqual([{ payloadHash: 'a'.repeat(64) }]);
    expect(screen.getByText(`approval.granted · jsm:${AGENT}`, { exact: false })).toBeTruthy();
  });

  it('shows why an approval was refused, in the person’s language', async () => {
    vi.mocked(view.getContext).mockResolvedValue(context('de-DE') as never);
    backend({
      'GET /v1/cases/SUP-842/packet': ok(packetFixture()),
      'GET /v1/cases/SUP-842/actions': ok({
        caseRef: 'SUP-842',
        packetId: 'pkt_1',
        actions: [noteFixture()],
      }),
      'POST /v1/actions/pkt_1~note/approve': () => ({
        status: 403,
        body: {
          ok: false,
          error: {
            code: 'forbidden',
            reason: 'wrong_role',
            message: 'You need the agent role to approve this.',
          },
        },
      }),
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Freigeben' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'You need the agent role to approve this.',
    );
    expect(screen.getByText('Vorgeschlagene Aktionen')).toBeTruthy();
    // The packet's parts are named in German as well; the values are the backend's.
    expect(screen.getByText('Schweregrad:')).toBeTruthy();
    expect(screen.getByText('Abrechnung')).toBeTruthy();
  });

  it('says so when the packet cannot be loaded, and offers to try again', async () => {
    backend({
      'GET /v1/cases/SUP-842/packet': () => ({
        status: 503,
        body: { ok: false, error: { code: 'unavailable', message: 'Try again shortly.' } },
      }),
    });
    render(<App />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Try again shortly.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
