import { z } from 'zod';
import type { GuardedClient } from '../../infrastructure/http';
import { ConnectorError } from '../errors';
import { requestJson } from '../http-json';

const SYSTEM = 'HubSpot';

// Every CRM property value comes back as a string (numbers, dates and booleans included) or null.
// https://developers.hubspot.com/docs/api/crm/understanding-the-crm
const Properties = z.record(z.string(), z.string().nullable());

/** A CRM object as the v3 object, search and batch endpoints return it. */
export const CrmObject = z.looseObject({
  id: z.string().regex(/^\d+$/),
  properties: Properties,
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  archived: z.boolean().optional(),
});
export type CrmObject = z.output<typeof CrmObject>;

// `paging` is present only when there is a next page; `link` is deprecated, `after` is the cursor.
const Paging = z
  .looseObject({
    next: z.looseObject({ after: z.string().min(1), link: z.string().optional() }).optional(),
  })
  .optional();

/** https://developers.hubspot.com/docs/api/crm/search — `POST /crm/v3/objects/{object}/search`. */
export const SearchResponse = z.looseObject({
  total: z.number().int().nonnegative(),
  results: z.array(CrmObject),
  paging: Paging,
});

/** https://developers.hubspot.com/docs/api/crm/companies — `GET /crm/v3/objects/companies`. */
export const ListResponse = z.looseObject({
  results: z.array(CrmObject),
  paging: Paging,
});

/**
 * https://developers.hubspot.com/docs/api/crm/associations — v4 `GET
 * /crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}`. `toObjectId` is a JSON number.
 */
export const AssociationsResponse = z.looseObject({
  results: z.array(
    z.looseObject({
      toObjectId: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String),
      associationTypes: z
        .array(
          z.looseObject({
            category: z.string(),
            typeId: z.number().int(),
            label: z.string().nullable().optional(),
          }),
        )
        .optional(),
    }),
  ),
  paging: Paging,
});

/**
 * `POST /crm/v3/objects/{object}/batch/read`: 200 when every id was found, 207 with `errors` when some
 * were not (e.g. deleted between the two calls); the found ones are in `results` either way.
 */
export const BatchReadResponse = z.looseObject({
  status: z.string(),
  results: z.array(CrmObject),
  numErrors: z.number().int().optional(),
  errors: z.array(z.unknown()).optional(),
});

/** https://developers.hubspot.com/docs/api/crm/owners — `GET /crm/v3/owners/{ownerId}`. */
export const OwnerResponse = z.looseObject({
  id: z.string(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  type: z.string().optional(),
  archived: z.boolean().optional(),
});
export type Owner = z.output<typeof OwnerResponse>;

/** The deal properties read for "is there an open opportunity"; `hs_is_closed` covers custom pipelines. */
export const DEAL_PROPERTIES = [
  'dealname',
  'dealstage',
  'amount',
  'closedate',
  'pipeline',
  'hs_is_closed',
] as const;

export interface HubspotClientOptions {
  http: GuardedClient;
  baseUrl: string;
  accessToken: string;
}

/** The HubSpot calls the connector makes. Read-only; every call takes the caller's signal. */
export interface HubspotClient {
  /** The first company whose `property` equals `value` (most recently modified first), and how many matched. */
  findCompany(
    property: 'domain' | 'name',
    value: string,
    properties: readonly string[],
    signal: AbortSignal,
  ): Promise<{ company: CrmObject; total: number } | null>;
  /** Deal ids associated with a company, following the cursor for at most `maxPages` pages and `maxIds` ids. */
  dealIdsOf(
    companyId: string,
    bounds: { maxPages: number; maxIds: number },
    signal: AbortSignal,
  ): Promise<string[]>;
  /** The deals with these ids (at most 100); ids HubSpot no longer has are left out. */
  readDeals(ids: readonly string[], signal: AbortSignal): Promise<CrmObject[]>;
  /** One owner, or null when HubSpot has no (active) owner with this id. */
  owner(ownerId: string, signal: AbortSignal): Promise<Owner | null>;
  /** The cheapest authenticated read: one company. */
  ping(signal: AbortSignal): Promise<void>;
}

/**
 * Creates the HubSpot CRM client over the SSRF-guarded HTTP client. Authenticates with a private app
 * token as `Authorization: Bearer` (https://developers.hubspot.com/docs/api/private-apps).
 *
 * @throws ConnectorError from every method, as {@link requestJson} maps statuses and shapes.
 */
export function createHubspotClient(options: HubspotClientOptions): HubspotClient {
  const headers = { Authorization: `Bearer ${options.accessToken}` };
  const url = (path: string, query?: Record<string, string>): string => {
    // Concatenated rather than resolved with `new URL(path, base)`, which would drop a base path prefix.
    const search = query ? `?${new URLSearchParams(query).toString()}` : '';
    return `${options.baseUrl}${path}${search}`;
  };

  return {
    async findCompany(property, value, properties, signal) {
      const { data } = await requestJson(options.http, {
        method: 'POST',
        url: url('/crm/v3/objects/companies/search'),
        headers,
        json: {
          filterGroups: [{ filters: [{ propertyName: property, operator: 'EQ', value }] }],
          properties,
          // Duplicates happen (imports, merges pending); the record someone touched last is the live one.
          sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
          limit: 1,
        },
        signal,
        schema: SearchResponse,
        system: SYSTEM,
      });
      const company = data.results[0];
      return company ? { company, total: Math.max(data.total, 1) } : null;
    },

    async dealIdsOf(companyId, bounds, signal) {
      const ids: string[] = [];
      const seen = new Set<string>();
      let after: string | undefined;
      for (let page = 0; page < bounds.maxPages && ids.length < bounds.maxIds; page += 1) {
        const { data } = await requestJson(options.http, {
          url: url(`/crm/v4/objects/companies/${encodeURIComponent(companyId)}/associations/deals`, {
            // The v4 association list takes up to 500 per page.
            limit: String(Math.min(500, bounds.maxIds - ids.length)),
            ...(after === undefined ? {} : { after }),
          }),
          headers,
          signal,
          schema: AssociationsResponse,
          system: SYSTEM,
        });
        for (const r of data.results) {
          if (seen.has(r.toObjectId)) continue;
          seen.add(r.toObjectId);
          ids.push(r.toObjectId);
        }
        const next = data.paging?.next?.after;
        // A cursor that does not move would loop until the page bound; stop at once instead.
        if (next === undefined || next === after) break;
        after = next;
      }
      return ids.slice(0, bounds.maxIds);
    },

    async readDeals(ids, signal) {
      if (ids.length === 0) return [];
      if (ids.length > 100) throw new ConnectorError('config', 'HubSpot reads at most 100 deals per batch');
      const { data } = await requestJson(options.http, {
        method: 'POST',
        url: url('/crm/v3/objects/deals/batch/read'),
        headers,
        json: { properties: DEAL_PROPERTIES, propertiesWithHistory: [], inputs: ids.map((id) => ({ id })) },
        signal,
        schema: BatchReadResponse,
        system: SYSTEM,
      });
      return data.results;
    },

    async owner(ownerId, signal) {
      try {
        const { data } = await requestJson(options.http, {
          url: url(`/crm/v3/owners/${encodeURIComponent(ownerId)}`, { idProperty: 'id', archived: 'false' }),
          headers,
          signal,
          schema: OwnerResponse,
          system: SYSTEM,
        });
        return data;
      } catch (e) {
        // A deactivated user leaves their id on records; the account is still worth showing without a name.
        if (e instanceof ConnectorError && e.code === 'not_found') return null;
        throw e;
      }
    },

    async ping(signal) {
      await requestJson(options.http, {
        url: url('/crm/v3/objects/companies', { limit: '1' }),
        headers,
        signal,
        schema: ListResponse,
        system: SYSTEM,
      });
    },
  };
}
