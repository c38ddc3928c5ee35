import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CaseActionsResponse } from '@triage/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HARNESS_AGENTS } from '../../backend/src/web/routes/harness/jsm';
import { startDemoRuntime, type DemoRuntime } from '../helpers/demo-runtime';

let rt: DemoRuntime;
let server: Server;
let base = '';

beforeAll(async () => {
  rt = await startDemoRuntime();
  server = rt.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rt.close();
});

const Invoked = z.object({ status: z.number(), body: z.unknown().optional() });

/** What the panel's `invokeRemote` does in the harness: the page posts here, the server plays Forge. */
async function invoke(accountId: string, path: string, method = 'GET', body?: unknown) {
  const res = await fetch(`${base}/harness/jsm/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      issueKey: 'SUP-842',
      accountId,
      request: { path, method, ...(body ? { body } : {}) },
    }),
  });
  expect(res.status).toBe(200);
  return Invoked.parse(await res.json());
}

describe('the JSM harness of npm start (in-process fake Jira)', () => {
  it('serves the issue page with the panel, and refuses to forward outside /v1', async () => {
    const page = await fetch(`${base}/harness/jsm?issue=SUP-842`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<iframe id="panel"');
    const escape = await fetch(`${base}/harness/jsm/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        issueKey: 'SUP-842',
        accountId: HARNESS_AGENTS[0]?.accountId,
        request: { path: '/v1/../harness/jsm', method: 'GET' },
      }),
    });
    expect(escape.status).toBe(400);
  });

  it('a lead approves the proposed note; it lands in the fake Jira as their internal comment', async () => {
    const lead = HARNESS_AGENTS[1];
    if (!lead) throw new Error('no lead');
    expect((await invoke(lead.accountId, '/v1/cases/SUP-842/packet')).status).toBe(200);
    const list = CaseActionsResponse.parse(
      z.object({ data: z.unknown() }).parse((await invoke(lead.accountId, '/v1/cases/SUP-842/actions')).body)
        .data,
    );
    const note = list.actions.find((a) => a.kind === 'internal-note' && a.state === 'proposed');
    if (!note) throw new Error('no proposed note');
    const approved = await invoke(lead.accountId, `/v1/actions/${note.id}/approve`, 'POST', {
      payloadHash: note.payloadHash,
    });
    expect(approved.status).toBe(200);
    await rt.drainWriteBacks();
    const activity = z
      .array(z.object({ kind: z.string(), public: z.boolean().optional(), author: z.string() }))
      .parse(await (await fetch(`${base}/harness/jsm/activity?issue=SUP-842`)).json());
    expect(activity.filter((a) => a.kind === 'comment')).toEqual([
      expect.objectContaining({ public: false, author: lead.accountId }),
    ]);
  });
});
