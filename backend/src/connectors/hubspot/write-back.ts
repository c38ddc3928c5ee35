import type { ActionKind } from '@triage/shared';
import { z } from 'zod';
import { sha256Hex } from '../../common/hashing';
import { toZendeskHtml } from '../../domain/drafting';
import type { ConnectorContext } from '../definition';
import { ConnectorError } from '../errors';
import { requestJson } from '../http-json';
import type { WriteBackResult, WriteBackTarget } from '../types';
import { CrmObject, SearchResponse } from './client';
import type { HubspotConfig, HubspotSecrets } from './config';

const SYSTEM = 'HubSpot';

/** The one action the CRM target takes. */
export const HUBSPOT_WRITE_ACTIONS: readonly ActionKind[] = ['crm-note'];

/** HubSpot-defined association type of a note to a company. @see https://developers.hubspot.com/docs/api/crm/associations */
export const NOTE_TO_COMPANY_ASSOCIATION = 190;

const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/);
const NotePayload = z.object({ note: z.string().trim().min(1).max(60_000) });

/**
 * The marker token ending every note: `triagewb` + 24 hex digits of the key's SHA-256. Letters and
 * digits only, because `CONTAINS_TOKEN` matches whole tokens and HubSpot splits tokens at punctuation.
 */
export function hubspotMarkerToken(idempotencyKey: string): string {
  return `triagewb${sha256Hex(idempotencyKey).slice(0, 24)}`;
}

/**
 * The HubSpot company id in a write-back ref: its trailing digits, so both a bare id and the account
 * evidence id the packet proposes (`hubspot-main:account:9876543210`) name company 9876543210.
 */
export function hubspotCompanyId(ref: string): string | undefined {
  return /(?:^|\D)(\d{1,20})$/.exec(ref.trim())?.[1];
}

/** Options for {@link createHubspotWriteBack}; the same parts a connector definition's `create` gets. */
export interface HubspotWriteBackOptions {
  id: string;
  config: HubspotConfig;
  secrets: HubspotSecrets;
  context: Pick<ConnectorContext, 'http' | 'clock'>;
}

/**
 * The HubSpot CRM write-back target: a `crm-note` (`{ note }`) becomes `POST /crm/v3/objects/notes` with
 * `hs_note_body` (HubSpot renders it as HTML, so the plain text goes through the same HTML sink as
 * Zendesk's `html_body`, `toZendeskHtml`; then a `Ref: <marker token>` line) and `hs_timestamp`,
 * associated with the company (type {@link NOTE_TO_COMPANY_ASSOCIATION}). The marker is part of the
 * note itself, so it exists exactly when the note does.
 *
 * `findMarker` searches notes with `hs_note_body CONTAINS_TOKEN <token>`. HubSpot's search index trails
 * writes by a few seconds, so a check right after a lost answer can miss a note that exists; the
 * queue's backoff before a retry is what covers that window. HubSpot documents no idempotency header
 * for object creation, so none is sent.
 *
 * Needs the private app scope that writes the associated object (`crm.objects.companies.write`).
 *
 * @throws ConnectorError: `config` for an unsupported action, ref, key or payload; otherwise as
 * {@link requestJson} maps statuses (429 → `rate_limited` with `retryAfterMs`).
 * @see https://developers.hubspot.com/docs/api/crm/notes
 * @see https://developers.hubspot.com/docs/api/crm/search
 */
export function createHubspotWriteBack(options: HubspotWriteBackOptions): WriteBackTarget {
  const { config, context } = options;
  const headers = { Authorization: `Bearer ${options.secrets.accessToken}` };
  const companyUrl = (id: string) => `${config.appUrl}/contacts/${config.portalId}/company/${id}`;

  function check(ref: string, key: string): string {
    if (!IdempotencyKey.safeParse(key).success)
      throw new ConnectorError('config', `${SYSTEM}: the idempotency key has an unsupported format`);
    const company = hubspotCompanyId(ref);
    if (company === undefined)
      throw new ConnectorError('config', `${SYSTEM}: the write-back ref names no company id`);
    return company;
  }

  return {
    id: options.id,
    system: 'crm',
    actions: HUBSPOT_WRITE_ACTIONS,

    async write(request): Promise<WriteBackResult> {
      const company = check(request.ref, request.idempotencyKey);
      if (request.action !== 'crm-note')
        throw new ConnectorError('config', `${SYSTEM} does not take ${request.action} write-backs`);
      const parsed = NotePayload.safeParse(request.payload);
      if (!parsed.success)
        throw new ConnectorError('config', `${SYSTEM}: the approved crm-note payload is invalid (at note)`);
      const body = `${toZendeskHtml(parsed.data.note)}<br><br>Ref: ${hubspotMarkerToken(request.idempotencyKey)}`;
      const { data } = await requestJson(context.http, {
        method: 'POST',
        url: `${config.baseUrl}/crm/v3/objects/notes`,
        headers,
        json: {
          properties: { hs_note_body: body, hs_timestamp: context.clock().toISOString() },
          associations: [
            {
              to: { id: company },
              types: [
                { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_COMPANY_ASSOCIATION },
              ],
            },
          ],
        },
        signal: request.signal,
        schema: CrmObject,
        system: SYSTEM,
      });
      return { externalId: data.id, url: companyUrl(company) };
    },

    async findMarker(request) {
      const company = check(request.ref, request.idempotencyKey);
      const token = hubspotMarkerToken(request.idempotencyKey);
      const { data } = await requestJson(context.http, {
        method: 'POST',
        url: `${config.baseUrl}/crm/v3/objects/notes/search`,
        headers,
        json: {
          filterGroups: [
            { filters: [{ propertyName: 'hs_note_body', operator: 'CONTAINS_TOKEN', value: token }] },
          ],
          properties: ['hs_note_body'],
          limit: 10,
        },
        signal: request.signal,
        schema: SearchResponse,
        system: SYSTEM,
      });
      // Token search is fuzzy by nature; only a note that really holds the token counts.
      const note = data.results.find((n) => n.properties.hs_note_body?.includes(token) === true);
      return note ? { externalId: note.id, url: companyUrl(company) } : null;
    },
  };
}
