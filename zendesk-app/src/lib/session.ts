import { z } from 'zod';

/**
 * The session the backend embedded in the page after it verified Zendesk's signed token. It lives in
 * memory only (no cookie, no storage): the page is the session.
 */
export const Session = z.object({
  token: z.string().min(1),
  expiresAt: z.iso.datetime({ offset: true }),
  tenant: z.string().min(1),
  user: z.object({ id: z.string(), name: z.string().optional(), role: z.string() }),
  installationId: z.string().optional(),
});
export type Session = z.infer<typeof Session>;

/**
 * Reads the embedded session (`<script id="triage-session" type="application/json">`).
 *
 * @throws Error when the page carries none (opened outside the signed flow) or it does not parse.
 */
export function readSession(doc: Document = document): Session {
  const text = doc.getElementById('triage-session')?.textContent;
  if (!text) throw new Error('This page was opened without a Zendesk sign-in.');
  return Session.parse(JSON.parse(text));
}
