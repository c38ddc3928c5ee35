// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeZaf, TICKET_VALUES } from '../testing/fake-zaf';
import { createZafHost, initZafClient, whenRegistered, ZafError } from './zaf';

afterEach(() => {
  delete window.ZAFClient;
});

describe('the ZAF seam', () => {
  it('reads the ticket with one bulk get and parses it', async () => {
    const fake = createFakeZaf(TICKET_VALUES);
    const ticket = await createZafHost(fake.client).ticket();
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.method).toBe('get');
    expect(ticket).toEqual({
      id: 4321,
      subject: 'Checkout fails with 502',
      description: 'Since this morning every payment fails.',
      status: 'open',
      priority: 'high',
      tags: ['checkout'],
      updatedAt: '2026-03-02T10:14:00Z',
      channel: 'email',
      requester: { id: '77', name: 'Ana', email: 'ana@example.com' },
    });
  });

  it('refuses an answer without a ticket id, naming the call but not the data', async () => {
    const host = createZafHost(createFakeZaf({ 'ticket.subject': 'x' }).client);
    const error = await host.ticket().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZafError);
    expect((error as ZafError).call).toBe('get(ticket)');
    expect((error as ZafError).message).not.toContain('x');
  });

  it('sets the comment type before appending, so the text lands in the right composer', async () => {
    const fake = createFakeZaf(TICKET_VALUES);
    await createZafHost(fake.client).insertComment('Checked the logs.', 'internalNote');
    expect(fake.calls).toEqual([
      { method: 'set', args: ['ticket.comment.type', 'internalNote'] },
      { method: 'invoke', args: ['ticket.comment.appendText', 'Checked the logs.'] },
    ]);
  });

  it('resizes to whole pixels at full width', async () => {
    const fake = createFakeZaf(TICKET_VALUES);
    await createZafHost(fake.client).resize(412.3);
    expect(fake.calls).toEqual([{ method: 'invoke', args: ['resize', { width: '100%', height: '413px' }] }]);
  });

  it('subscribes to ticket.updated and unsubscribes cleanly', () => {
    const fake = createFakeZaf(TICKET_VALUES);
    let updates = 0;
    const off = createZafHost(fake.client).onTicketUpdated(() => updates++);
    fake.fire('ticket.updated');
    expect(updates).toBe(1);
    off();
    fake.fire('ticket.updated');
    expect(updates).toBe(1);
    expect(fake.listeners('ticket.updated')).toBe(0);
  });

  it('reads the agent locale and the location context', async () => {
    const host = createZafHost(createFakeZaf(TICKET_VALUES).client);
    expect(await host.locale()).toBe('en-US');
    expect(await host.context()).toMatchObject({ location: 'ticket_sidebar', ticketId: 4321 });
  });

  it('takes the client from window.ZAFClient, and says so when the SDK is missing', async () => {
    expect(() => initZafClient()).toThrow(/not available/);
    const fake = createFakeZaf(TICKET_VALUES);
    window.ZAFClient = { init: () => fake.client };
    const client = initZafClient();
    expect(client).toBe(fake.client);
    await whenRegistered(client);
    expect(fake.listeners('app.registered')).toBe(0);
  });
});
