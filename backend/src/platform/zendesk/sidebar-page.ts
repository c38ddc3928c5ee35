import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../common/errors';
import type { SidebarSession } from './sign-in';

/** The ZAF SDK, from Zendesk's CDN (PLATFORMS.md §1.3); pinned by path in the page's CSP. */
export const ZAF_SDK_URL = 'https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js';

/** Where the built page marks the spot for the host script and the session (see zendesk-app/src/index.html). */
const HOST_MARKER = '<!-- triage:host -->';

export interface SidebarPage {
  /** The sidebar's HTML with the session and the host SDK script, and its CSP. */
  render(
    session: SidebarSession,
    host: { sdkUrl: string; frameAncestors: string; locale?: string },
  ): Promise<{ html: string; csp: string }>;
  /** The folder of the built page's scripts and styles (`<appDir>/sidebar/assets`). */
  readonly assetsDir: string;
}

/** JSON that can sit inside a `<script>` element: nothing in it can close the element or start a comment. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Serves the Vite-built sidebar (`zendesk-app/dist/sidebar/index.html`). The file is read once and kept;
 * a missing build is a 503 that says how to build it, not a crash.
 */
export function createSidebarPage(options: { appDir: string; reload?: boolean }): SidebarPage {
  const indexPath = path.join(options.appDir, 'sidebar', 'index.html');
  let template: Promise<string> | undefined;

  async function load(): Promise<string> {
    try {
      const text = await readFile(indexPath, 'utf8');
      if (!text.includes(HOST_MARKER)) throw new Error(`${indexPath} has no ${HOST_MARKER} marker`);
      return text;
    } catch (e) {
      template = undefined;
      throw new AppError('unavailable', 'The Zendesk app is not built. Run `npm run build -w zendesk-app`.', {
        cause: e,
      });
    }
  }

  return {
    assetsDir: path.join(options.appDir, 'sidebar', 'assets'),
    async render(session, host) {
      if (options.reload) template = undefined;
      const page = await (template ??= load());
      const nonce = randomBytes(18).toString('base64');
      const injected = [
        `<script nonce="${nonce}" id="triage-session" type="application/json">${scriptSafeJson(session)}</script>`,
        `<script nonce="${nonce}" src="${attribute(host.sdkUrl)}"></script>`,
      ].join('\n    ');
      const html = page
        .replace(/<script(?=[\s>])/g, `<script nonce="${nonce}"`)
        .replace(HOST_MARKER, injected)
        .replace(/<html lang="[^"]*"/, `<html lang="${attribute(host.locale ?? 'en')}"`);
      const sdkSource = host.sdkUrl.startsWith('https://') ? ` ${host.sdkUrl}` : '';
      const csp = [
        "default-src 'none'",
        `script-src 'self' 'nonce-${nonce}'${sdkSource}`,
        // Garden's styled-components writes <style> elements at run time.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        `frame-ancestors ${host.frameAncestors}`,
      ].join('; ');
      return { html, csp };
    },
  };
}
