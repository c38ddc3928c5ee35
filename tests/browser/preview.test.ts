import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium';
import { startDemoRuntime, type DemoRuntime } from '../helpers/demo-runtime';

let rt: DemoRuntime;
let server: Server;
let browser: Browser;
let base = '';
const ARTIFACTS = 'test-results/browser';

beforeAll(async () => {
  // The preview hosts the built sidebar apps; build them when this checkout has not yet.
  execFileSync('node', ['scripts/build-apps.mjs'], { stdio: 'inherit' });
  rt = await startDemoRuntime();
  server = rt.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rt.close();
});

describe('the local preview in Chromium', () => {
  it('lists the demo tickets and shows a ticket with its packet in a sidebar-width column', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${base}/preview`);
    await expect.poll(() => page.locator('nav.cases li').count()).toBe(15);

    await page.click('a[href*="case=ZD-10675"]');
    const sidebar = page.locator('aside.sidebar');
    await sidebar.waitFor();
    expect(await page.locator('article.ticket h2').innerText()).toContain('checkout is down');
    const text = await sidebar.innerText();
    expect(text).toContain('Severity: sev1');
    expect(text).toContain('Customer-impacting');
    expect(text).toContain('payments-squad');
    expect(text).toContain('Incidents');
    expect(text).toMatch(/SLA (breached|at-risk|within)/);
    const width = await page.locator('.sidebar-frame').evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBe(320);
    await page.screenshot({ path: `${ARTIFACTS}/preview-incident-ticket.png`, fullPage: false });

    // Below it, the real Zendesk app runs in its harness for the same ticket.
    const app = page.frameLocator('iframe[title="Zendesk sidebar harness"]').frameLocator('#zendesk-sidebar');
    await app.getByRole('heading', { name: 'Summary' }).waitFor({ timeout: 20_000 });
    expect(await app.getByText(/Severity: /).count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/preview-with-app.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders customer text as text, never as markup', async () => {
    const res = await fetch(`${base}/v1/packets`, {
      method: 'POST',
      headers: { Authorization: 'Bearer demo-token-0123456789abcdef', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        case: {
          id: 'ZD-30001',
          created_at: new Date().toISOString(),
          status: 'open',
          subject: '<img src=x onerror="window.__pwned=1"> invoice question',
          description: '<script>window.__pwned=1</script> {{agent_name}} please help',
          requester: { name: '<b>Mallory</b>' },
        },
      }),
    });
    expect(res.status).toBe(201);
    const page = await browser.newPage();
    await page.goto(`${base}/preview?case=ZD-30001`);
    await page.locator('aside.sidebar').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('article.ticket img, article.ticket script, aside.sidebar b').count()).toBe(0);
    expect(await page.locator('article.ticket h2').innerText()).toContain('<img src=x');
    await page.screenshot({ path: `${ARTIFACTS}/preview-hostile-text.png` });
    await page.close();
  });
});
