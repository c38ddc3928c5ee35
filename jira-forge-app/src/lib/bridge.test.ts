import { invokeRemote, view } from '@forge/bridge';
import { TriagePacket } from '@triage/shared';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { packetFixture } from '../testing/fixtures';
import { approveAction, getPacket } from './api';
import { callRemote, getPanelContext, RemoteError } from './bridge';

const context = {
  accountId: '5b10a2844c20165700ede21g',
  cloudId: 'site-1',
  siteUrl: 'https://acme.atlassian.net',
  locale: 'de-DE',
  moduleKey: 'triage-packet',
  extension: { type: 'jira:issueContext', issue: { key: 'SUP-842', id: '10042' }, project: { key: 'SUP' } },
};

async function rejection(p: Promise<unknown>): Promise<RemoteError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RemoteError) return e;
    throw e;
  }
  throw new Error('expected a RemoteError');
}

beforeEach(() => {
  vi.mocked(invokeRemote).mockReset();
  vi.mocked(view.getContext).mockReset();
});

describe('the bridge seam', () => {
  it('parses the panel context', async () => {
    vi.mocked(view.getContext).mockResolvedValue(context as never);
    expect(await getPanelContext()).toMatchObject({
      cloudId: 'site-1',
      locale: 'de-DE',
      extension: { issue: { key: 'SUP-842' } },
    });
  });

  it('refuses a context from anywhere but an issue', async () => {
    vi.mocked(view.getContext).mockResolvedValue({
      ...context,
      extension: { type: 'jira:projectPage' },
    } as never);
    expect((await rejection(getPanelContext())).code).toBe('bad_context');
  });

  it('sends backend routes through invokeRemote and parses the envelope', async () => {
    vi.mocked(invokeRemote).mockResolvedValue({
      status: 200,
      headers: {},
      body: { ok: true, data: packetFixture() },
    });
    const packet = await getPacket('SUP-842', { refresh: true });
    expect(packet.caseRef).toBe('SUP-842');
    expect(invokeRemote).toHaveBeenCalledWith({
      method: 'GET',
      path: '/v1/cases/SUP-842/packet?refresh=true',
    });
  });

  it('sends a JSON body with the approval and surfaces the refusal code and reason', async () => {
    vi.mocked(invokeRemote).mockResolvedValue({
      status: 403,
      headers: {},
      body: {
        ok: false,
        error: { code: 'forbidden', reason: 'four_eyes', message: 'Someone else must approve this.' },
      },
    });
    const e = await rejection(approveAction('pkt_1~note', 'a'.repeat(64)));
    expect([e.code, e.reason, e.status, e.message]).toEqual([
      'forbidden',
      'four_eyes',
      403,
      'Someone else must approve this.',
    ]);
    expect(invokeRemote).toHaveBeenCalledWith({
      method: 'POST',
      path: '/v1/actions/pkt_1~note/approve',
      body: { payloadHash: 'a'.repeat(64) },
      headers: { 'content-type': 'application/json' },
    });
  });

  it('turns an unreadable answer or a failed invocation into a RemoteError', async () => {
    vi.mocked(invokeRemote).mockResolvedValue({
      status: 200,
      headers: {},
      body: { ok: true, data: { caseRef: 1 } },
    });
    expect((await rejection(callRemote({ method: 'GET', path: '/v1/x' }, TriagePacket))).code).toBe(
      'bad_response',
    );
    vi.mocked(invokeRemote).mockRejectedValue(new Error('bridge gone'));
    expect((await rejection(callRemote({ method: 'GET', path: '/v1/x' }, TriagePacket))).code).toBe(
      'unreachable',
    );
  });
});
