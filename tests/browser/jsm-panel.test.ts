import { access, mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeServer,
  type FakeServer,
  type RecordedRequest,
} from '../../backend/src/connectors/testing/fake-server';
import { HARNESS_AGENTS } from '../../backend/src/web/routes/harness/jsm';
import { launchChromium } from '../helpers/chromium';
import { startDemoRuntime, type DemoRuntime } from '../helpers/demo-runtime';

const ARTIFACTS = 'test-results/browser';
const APP_DIR = fileURLToPath(new URL('../../jira-forge-app', import.meta.url));
const EDITED =
  'Gateway logs show 502s from the invoice renderer since 08:10; checking the renderer pods next.';

let rt: DemoRuntime;
let jira: FakeServer;
let server: Server;
let browser: Browser;
let base = '';
const stopWorker = new AbortController();
let worker: Promise<void> | undefined;

/** The Jira the harness's invocations point at: permissions for role lookup, the JSM comment endpoint. */
function jiraAnswer(req: RecordedRequest) {
  if (!req.headers.authorization?.startsWith('Bearer harness-')) return { status: 401, body: {} };
  if (req.path.endsWith('/rest/api/3/mypermissions')) {
    const asked = (req.query.get('permissions') ?? '').split(',');
    return {
      body: {
        permissions: Object.fromEntries(asked.map((p) => [p, { havePermission: p === 'SERVICEDESK_AGENT' }])),
      },
    };
  }
  if (req.method === 'POST' && req.path.endsWith('/rest/servicedeskapi/request/SUP-842/comment')) {
    return { status: 201, body: { id: '30001', public: false } };
  }
  if (req.method === 'PUT' && req.path.includes('/properties/')) return { status: 204 };
  return { status: 404, body: {} };
}

beforeAll(async () => {
  // The harness serves the panel's harness build; build it when this checkout has none yet.
  try {
    await access(`${APP_DIR}/harness/dist/index.html`);
  } catch {
    await build({ configFile: `${APP_DIR}/vite.config.ts`, mode: 'harness', logLevel: 'warn' });
  }
  jira = await startFakeServer(jiraAnswer);
  rt = await startDemoRuntime({ forge: { harnessApiBaseUrl: `${jira.baseUrl}/ex/jira/demo` } });
  server = rt.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  worker = rt.runWorker(stopWorker.signal, { idleMs: 200 });
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  stopWorker.abort();
  await worker;
  await browser.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rt.close();
  await jira.close();
});

describe('the JSM panel in its harness, in Chromium', () => {
  it('an agent sees SUP-842’s packet, edits the internal note, approves it, and it is written back', async () => {
    const agent = HARNESS_AGENTS[0];
    if (!agent) throw new Error('no harness agent');
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/harness/jsm?issue=SUP-842&as=${agent.accountId}`);
    const panel = page.frameLocator('#panel');

    // The packet: its sections, rendered from the shared view-model.
    await panel.getByRole('heading', { name: 'Triage packet' }).waitFor();
    await panel.getByText('SUP-842', { exact: true }).waitFor();
    for (const section of ['Summary', 'Flags', 'Route', 'Proposed actions', 'Evidence', 'Matches']) {
      await panel.getByRole('heading', { name: section }).waitFor();
    }
    await page.screenshot({ path: `${ARTIFACTS}/jsm-panel-packet.png`, fullPage: true });

    // Edit the proposed internal note: a new draft that needs its own approval.
    const note = panel.locator('section').filter({ hasText: 'internal-note →' }).first();
    await note.getByRole('button', { name: 'Edit' }).click();
    await note.getByLabel('Text to send').fill(EDITED);
    await note.getByRole('button', { name: 'Save as new draft' }).click();
    const draft = panel.locator('section').filter({ hasText: EDITED });
    await draft.getByText(`Requested by jsm:${agent.accountId}`).waitFor();
    await draft.getByText('Proposed', { exact: true }).waitFor();

    // Approve with the keyboard: the panel is usable without a pointer.
    await draft.getByRole('button', { name: 'Approve' }).focus();
    await page.keyboard.press('Enter');
    await draft.getByText(`Approved by jsm:${agent.accountId}`).waitFor();
    await draft.getByText('Written back').waitFor({ timeout: 30_000 });
    await draft.getByText('History').click();
    await draft.getByText(`approval.granted · jsm:${agent.accountId}`).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/jsm-panel-written-back.png`, fullPage: true });

    // What reached Jira: one internal comment through the JSM request endpoint, as the approving agent.
    const comments = jira.requests.filter((r) =>
      r.path.endsWith('/rest/servicedeskapi/request/SUP-842/comment'),
    );
    expect(comments).toHaveLength(1);
    expect(comments[0]?.headers.authorization).toBe(`Bearer harness-user.${agent.accountId}`);
    const sent = JSON.parse(comments[0]?.body ?? '{}') as { body?: string; public?: boolean };
    expect(sent.public).toBe(false);
    expect(sent.body).toContain('checking the renderer pods next');
    expect(errors).toEqual([]);
    await page.close();
  });
});
