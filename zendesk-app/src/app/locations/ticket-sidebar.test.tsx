// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ThemeProvider } from '@zendeskgarden/react-theming';
import type { ActionView, CaseRecord, TriagePacket } from '@triage/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type TriageApi } from '../../lib/api';
import type { Session } from '../../lib/session';
import { createFakeZaf, TICKET_VALUES } from '../../testing/fake-zaf';
import { actionFixture, packetFixture } from '../../testing/fixtures';
import { App } from '../app';
import { BackendContext } from '../contexts/api-context';
import { ClientProvider } from '../contexts/client-provider';

// jsdom has no matchMedia, and Garden's theming reads it when its module loads.
vi.hoisted(() => {
  window.matchMedia = (query: string) =>
    Object.assign(new EventTarget(), { matches: false, media: query, onchange: null }) as MediaQueryList;
});

const SESSION: Session = {
  token: 't',
  expiresAt: '2026-03-02T10:30:00Z',
  tenant: 'acme',
  user: { id: '1001', role: 'agent' },
};

/** A backend double that records calls; each method can be replaced per test. */
function fakeApi(overrides: Partial<TriageApi> = {}) {
  const calls: string[] = [];
  const built: CaseRecord[] = [];
  const api: TriageApi = {
    packet: (ref, o) => {
      calls.push(`packet ${ref}${o?.refresh ? ' refresh' : ''}`);
      return Promise.resolve(packetFixture());
    },
    buildPacket: (record) => {
      built.push(record);
      return Promise.resolve(packetFixture());
    },
    actions: (caseRef) => Promise.resolve({ caseRef, packetId: 'pkt-1', actions: [actionFixture()] }),
    action: (id) => Promise.resolve({ action: actionFixture({ id }), audit: [] }),
    edit: () => Promise.reject(new Error('not used')),
    approve: () => Promise.reject(new Error('not used')),
    reject: () => Promise.reject(new Error('not used')),
    renewSession: () => Promise.reject(new Error('not used')),
    ...overrides,
  };
  return { api, calls, built };
}

function mount(api: TriageApi, values = TICKET_VALUES) {
  const zaf = createFakeZaf(values);
  render(
    <ThemeProvider>
      <ClientProvider client={zaf.client}>
        <BackendContext.Provider value={{ api, session: SESSION }}>
          <App />
        </BackendContext.Provider>
      </ClientProvider>
    </ThemeProvider>,
  );
  return zaf;
}

afterEach(cleanup);

describe('the ticket sidebar', () => {
  it('shows the packet of the open ticket: summary first, then route, SLA and the first action', async () => {
    const { api, calls } = fakeApi();
    mount(api);
    await screen.findByRole('heading', { name: 'Summary' });
    expect(calls).toEqual(['packet ZD-4321']);
    expect(screen.getByText(/Severity: sev2/)).toBeTruthy();
    expect(screen.getByText('Customer-impacting')).toBeTruthy();
    expect(screen.getByTestId('route-queue').textContent).toBe('payments-squad');
    expect(screen.getByText('SLA at-risk')).toBeTruthy();
    expect(screen.getByText('Check the payment gateway errors.')).toBeTruthy();
  });

  it('says the packet is partial and which source failed', async () => {
    mount(fakeApi().api);
    const notice = await screen.findByText(/this packet is partial/);
    expect(notice.closest('[role="status"]')?.textContent).toContain(
      'sentry unavailable: no answer within 1500 ms',
    );
  });

  it('builds the packet from the ticket when the backend has not seen it', async () => {
    const fake = fakeApi({
      packet: () => Promise.reject(new ApiError(404, { code: 'case_not_found', message: 'No such case.' })),
    });
    mount(fake.api);
    await screen.findByRole('heading', { name: 'Summary' });
    expect(fake.built).toEqual([
      expect.objectContaining({
        id: 'ZD-4321',
        subject: 'Checkout fails with 502',
        priority: 'high',
        channel: 'email',
      }),
    ]);
  });

  it('shows a loading state until the packet arrives', async () => {
    let resolve: (p: TriagePacket) => void = () => undefined;
    const { api } = fakeApi({ packet: () => new Promise((r) => (resolve = r)) });
    mount(api);
    expect(await screen.findByText('Loading the triage packet…')).toBeTruthy();
    act(() => resolve(packetFixture()));
    await screen.findByRole('heading', { name: 'Summary' });
  });

  it('offers a refresh when someone else saves the ticket, and rebuilds on request', async () => {
    const fake = fakeApi();
    const zaf = mount(fake.api);
    await screen.findByRole('heading', { name: 'Summary' });
    act(() => zaf.fire('ticket.updated'));
    const stale = await screen.findByTestId('stale');
    fireEvent.click(within(stale).getByRole('button', { name: 'Refresh packet' }));
    await waitFor(() => expect(screen.queryByTestId('stale')).toBeNull());
    expect(fake.calls).toEqual(['packet ZD-4321', 'packet ZD-4321 refresh']);
  });

  it('explains a four-eyes refusal in words, not codes', async () => {
    const { api } = fakeApi({
      approve: () =>
        Promise.reject(new ApiError(403, { code: 'forbidden', message: 'four eyes', reason: 'four_eyes' })),
    });
    mount(api);
    const card = (await screen.findByText('Post the triage summary')).closest('article');
    if (!card) throw new Error('no action card');
    fireEvent.click(within(card).getByRole('button', { name: 'Approve' }));
    const alert = await within(card).findByRole('alert');
    expect(alert.textContent).toContain('someone else must approve it');
  });

  it('puts a draft into the comment box as an internal note', async () => {
    const zaf = mount(fakeApi().api);
    const card = (await screen.findByText('Post the triage summary')).closest('article');
    if (!card) throw new Error('no action card');
    fireEvent.click(within(card).getByRole('button', { name: 'Insert as internal note' }));
    await within(card).findByText(/Inserted into the comment box/);
    const composerCalls = zaf.calls.filter(
      (c) => c.method === 'set' || (c.method === 'invoke' && c.args[0] !== 'resize'),
    );
    expect(composerCalls).toEqual([
      { method: 'set', args: ['ticket.comment.type', 'internalNote'] },
      { method: 'invoke', args: ['ticket.comment.appendText', 'Triage summary: payments, sev2.'] },
    ]);
  });

  it('shows the approved write-back once the backend reports it done', async () => {
    const approved: ActionView = actionFixture({
      state: 'done',
      writeBack: {
        id: 'wb1',
        status: 'done',
        attempts: 1,
        lastError: null,
        externalId: 'c-1',
        url: null,
        nextAttemptAt: null,
        updatedAt: '2026-03-02T10:15:00Z',
      },
    });
    const { api } = fakeApi({
      approve: () => Promise.resolve(approved),
      action: (id) =>
        Promise.resolve({
          action: approved,
          audit: [
            {
              seq: 1,
              ts: '2026-03-02T10:15:00Z',
              actor: { kind: 'person', id: 'zendesk:1001' },
              action: 'approval.granted',
              objectType: 'action',
              objectId: id,
              payloadHash: null,
            },
          ],
        }),
    });
    mount(api);
    const card = (await screen.findByText('Post the triage summary')).closest('article');
    if (!card) throw new Error('no action card');
    fireEvent.click(within(card).getByRole('button', { name: 'Approve' }));
    await within(card).findByRole('list', { name: 'History' });
    expect(card.querySelector('[data-writeback-status="done"]')).not.toBeNull();
    expect(within(card).getByRole('list', { name: 'History' }).textContent).toContain('zendesk:1001');
  });

  it('tells the agent to reload when the session has ended', async () => {
    const { api } = fakeApi({
      packet: () =>
        Promise.reject(
          new ApiError(401, { code: 'unauthenticated', message: 'A valid bearer token is required.' }),
        ),
    });
    mount(api);
    expect((await screen.findByRole('alert')).textContent).toContain('Reload the ticket');
  });

  it('speaks the agent’s Zendesk language', async () => {
    mount(fakeApi().api, { ...TICKET_VALUES, 'currentUser.locale': 'fr-ca' });
    expect(await screen.findByRole('heading', { name: 'Résumé' })).toBeTruthy();
    // The packet's own parts are named in French too; its values stay as the backend wrote them.
    expect(await screen.findByText('Gravité: sev2 · 80%')).toBeTruthy();
    expect(await screen.findByText('Impact client')).toBeTruthy();
  });
});
