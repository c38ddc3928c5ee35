import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { WriteBackRequest, WriteBackTarget } from '../../backend/src/connectors/types';
import { launchChromium } from '../helpers/chromium';
import { startDemoRuntime, type DemoRuntime } from '../helpers/demo-runtime';

const ARTIFACTS = 'test-results/zendesk';
const TICKET = 'ZD-10665';

/** The demo ticket's Zendesk: records what the approved write-back sent. */
const writes: WriteBackRequest[] = [];
const zendesk: WriteBackTarget = {
  id: 'harness-zendesk',
  system: 'zendesk',
  actions: ['internal-note', 'public-reply', 'set-tags'],
  write(req) {
    writes.push(req);
    return Promise.resolve({ externalId: `comment-${writes.length}`, url: null });
  },
  findMarker(req) {
    const i = writes.findIndex((w) => w.idempotencyKey === req.idempotencyKey);
    return Promise.resolve(i < 0 ? null : { externalId: `comment-${i + 1}`, url: null });
  },
};

let rt: DemoRuntime;
let server: Server;
let browser: Browser;
let base = '';
const stopWorker = new AbortController();
let worker: Promise<void> | undefined;

beforeAll(async () => {
  // The backend serves the built app; build it when this checkout has not yet.
  if (!existsSync('zendesk-app/dist/sidebar/index.html') || !existsSync('zendesk-app/dist/harness/host.js')) {
    execFileSync('npm', ['run', 'build', '-w', 'zendesk-app'], { stdio: 'inherit' });
  }
  rt = await startDemoRuntime({
    targetFor: (tenant, system) =>
      Promise.resolve(tenant === 'demo' && system === 'zendesk' ? zendesk : undefined),
  });
  worker = rt.runWorker(stopWorker.signal, { idleMs: 100 });
  server = rt.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser.close();
  stopWorker.abort();
  await worker;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rt.close();
});

async function openHarness(
  ticket: string,
  query = 'user=900001&name=Avery%20Agent&role=agent',
): Promise<{ page: Page; app: FrameLocator; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.method()} ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  // A failure says what the sidebar showed and what went wrong on the page, not only which locator timed out.
  onTestFailed(async () => {
    if (page.isClosed()) return;
    const frame = page.frame({ name: 'zendesk-sidebar' });
    const shown = frame
      ? await frame
          .locator('body')
          .innerText()
          .catch((e: unknown) => String(e))
      : 'no frame';
    process.stderr.write(`\n--- sidebar text ---\n${shown}\n--- page errors ---\n${errors.join('\n')}\n`);
    await page
      .screenshot({ path: `${ARTIFACTS}/failed-${Date.now()}.png`, fullPage: true })
      .catch(() => undefined);
  });
  await page.goto(`${base}/harness/zendesk?ticket=${ticket}&${query}`);
  return { page, app: page.frameLocator('#zendesk-sidebar'), errors };
}

/** How long the app took from its own navigation to the packet on screen (the app marks that moment). */
async function packetShownMs(page: Page): Promise<number> {
  const frame = page.frame({ name: 'zendesk-sidebar' });
  if (!frame) throw new Error('no sidebar frame');
  return frame.evaluate(
    () => performance.getEntriesByName('triage:packet-shown')[0]?.startTime ?? Number.NaN,
  );
}

describe('the Zendesk sidebar in the harness, in Chromium', () => {
  it('shows the cached packet of a demo ticket, in a 320 px sidebar', async () => {
    // First open builds the packet; the measured open is the second one, on the cached packet.
    const warm = await openHarness(TICKET);
    await warm.app.getByRole('heading', { name: 'Summary' }).waitFor();
    await warm.page.close();

    const { page, app, errors } = await openHarness(TICKET);
    await app.getByRole('heading', { name: 'Summary' }).waitFor();
    const shownMs = await packetShownMs(page);
    process.stdout.write(
      `zendesk sidebar: cached packet on screen ${shownMs.toFixed(0)} ms after the app's navigation\n`,
    );
    expect(Number.isFinite(shownMs)).toBe(true);

    const width = await page.locator('#zendesk-sidebar').evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBe(320);
    await expect.poll(() => app.getByText(/Severity: /).count()).toBeGreaterThan(0);
    await expect.poll(() => app.getByText(/SLA (met|at-risk|breached|within)/).count()).toBeGreaterThan(0);
    expect(await app.getByRole('heading', { name: 'First diagnostic action' }).count()).toBe(1);
    // The app resized its frame to its content.
    const height = await page.locator('#zendesk-sidebar').evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeGreaterThan(400);

    // Evidence opens from the keyboard.
    await app.getByRole('button', { name: /^Evidence/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => app.locator('[data-source-status]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/01-packet.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('edit → approve → written back, with the audit entry attributed to the signed-in agent', async () => {
    const { page, app, errors } = await openHarness(TICKET);
    const reply = app.locator('article[data-action-kind="public-reply"]').first();
    await reply.waitFor();
    await reply.getByRole('button', { name: 'Edit' }).click();
    const text =
      'Hello Maya, we are checking the declined payments on INV-2026-1933 and will update you today.';
    await reply.getByRole('textbox', { name: 'Text of the draft' }).fill(text);
    await reply.getByRole('button', { name: 'Save edit' }).click();

    // The edit is a new action with the new text; approving it is done from the keyboard.
    const edited = app.locator('article[data-action-kind="public-reply"]', { hasText: text });
    await edited.getByTestId('draft-text').waitFor();
    await edited.getByRole('button', { name: 'Approve' }).focus();
    await page.keyboard.press('Enter');

    await edited.locator('[data-writeback-status="done"]').waitFor({ timeout: 30_000 });
    const history = edited.getByRole('list', { name: 'History' });
    await history.locator('[data-audit-action="approval.granted"]').waitFor();
    expect(await history.locator('[data-audit-action="approval.granted"]').innerText()).toContain(
      'zendesk:900001',
    );
    await expect.poll(() => history.locator('li').count()).toBeGreaterThan(2);

    expect(writes).toHaveLength(1);
    expect(writes[0]?.ref).toBe(TICKET);
    expect(writes[0]?.payload).toMatchObject({ body: text });
    await page.screenshot({ path: `${ARTIFACTS}/02-approved-written-back.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('puts a draft into the comment box as an internal note, and offers a refresh when the ticket changes', async () => {
    const { page, app, errors } = await openHarness('ZD-10668');
    const note = app.locator('article[data-action-kind="internal-note"]').first();
    await note.waitFor();
    await note.getByRole('button', { name: 'Insert as internal note' }).click();
    await expect.poll(() => page.locator('#composer').inputValue()).toContain('Triage ZD-10668');
    expect(await page.locator('#comment-type').innerText()).toBe('Internal note');

    await page.getByRole('button', { name: 'Simulate an update by another agent' }).click();
    const stale = app.getByTestId('stale');
    await stale.waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/03-stale-packet.png`, fullPage: true });
    await stale.getByRole('button', { name: 'Refresh packet' }).click();
    await stale.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks the agent’s language', async () => {
    const { page, app, errors } = await openHarness(TICKET, 'locale=de');
    await app.getByRole('heading', { name: 'Übersicht' }).waitFor();
    expect(await app.getByRole('heading', { name: 'Entwürfe und vorgeschlagene Aktionen' }).count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/04-german.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
