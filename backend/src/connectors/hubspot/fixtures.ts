/**
 * HubSpot payloads for contract tests, shaped as the public API reference documents them: CRM objects
 * carry every property value as a string (or null), timestamps as ISO strings, v4 association ids as
 * JSON numbers, and cursors in `paging.next.after`. Generators take overrides so each test states only
 * what it is about.
 *
 * @see https://developers.hubspot.com/docs/api/crm/search
 * @see https://developers.hubspot.com/docs/api/crm/associations
 * @see https://developers.hubspot.com/docs/api/crm/owners
 * @see https://developers.hubspot.com/docs/api/usage-details (rate limits)
 */

export const PORTAL_ID = '20481234';
export const COMPANY_ID = '9876543210';
export const OWNER_ID = '41629779';
export const ACCESS_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';

type Props = Record<string, string | null>;

/** A company as search, list and read return it. */
export function companyObject(overrides: { id?: string; properties?: Props; updatedAt?: string } = {}) {
  const id = overrides.id ?? COMPANY_ID;
  const updatedAt = overrides.updatedAt ?? '2026-11-18T09:30:12.345Z';
  return {
    id,
    properties: {
      arr: '185000',
      createdate: '2021-03-04T10:00:00.000Z',
      domain: 'acme-robotics.com',
      hs_lastmodifieddate: updatedAt,
      hs_object_id: id,
      hubspot_owner_id: OWNER_ID,
      name: 'Acme Robotics',
      renewal_date: '2027-03-31',
      tier: 'Enterprise',
      ...overrides.properties,
    },
    createdAt: '2021-03-04T10:00:00.000Z',
    updatedAt,
    archived: false,
  };
}

/** `POST /crm/v3/objects/companies/search`: a hit, or `total: 0` with no results for a miss. */
export function companySearch(
  results: ReturnType<typeof companyObject>[] = [companyObject()],
  total?: number,
) {
  return { total: total ?? results.length, results };
}

/** One page of v4 `GET /crm/v4/objects/companies/{id}/associations/deals`; 342 is company-to-deal. */
export function dealAssociations(dealIds: number[], nextAfter?: string) {
  return {
    results: dealIds.map((toObjectId) => ({
      toObjectId,
      associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 342, label: null }],
    })),
    ...(nextAfter === undefined
      ? {}
      : { paging: { next: { after: nextAfter, link: `?after=${encodeURIComponent(nextAfter)}` } } }),
  };
}

/** A deal as `POST /crm/v3/objects/deals/batch/read` returns it. */
export function dealObject(id: string, properties: Props = {}) {
  return {
    id,
    properties: {
      amount: null,
      closedate: null,
      createdate: '2026-06-01T08:00:00.000Z',
      dealname: `Deal ${id}`,
      dealstage: 'appointmentscheduled',
      hs_is_closed: 'false',
      hs_lastmodifieddate: '2026-11-10T12:00:00.000Z',
      hs_object_id: id,
      pipeline: 'default',
      ...properties,
    },
    createdAt: '2026-06-01T08:00:00.000Z',
    updatedAt: '2026-11-10T12:00:00.000Z',
    archived: false,
  };
}

/** The deals behind {@link dealAssociations} in the happy path: two open, one won, one lost in a custom pipeline. */
export const DEALS = [
  dealObject('18001', {
    dealname: 'Acme expansion 2027',
    dealstage: 'contractsent',
    amount: '42000',
    closedate: '2026-12-15T00:00:00Z',
  }),
  dealObject('18002', {
    dealname: 'Acme renewal 2025',
    dealstage: 'closedwon',
    amount: '150000',
    closedate: '2025-03-01T00:00:00Z',
    hs_is_closed: 'true',
  }),
  // A custom pipeline: the stage id is numeric, only `hs_is_closed` says it is over.
  dealObject('18003', {
    dealname: 'Acme pilot (EMEA)',
    dealstage: '93847561',
    pipeline: '7721304',
    amount: '9000',
    closedate: '2026-01-20T00:00:00Z',
    hs_is_closed: 'true',
  }),
  dealObject('18004', {
    dealname: 'Acme add-on seats',
    dealstage: 'qualifiedtobuy',
    closedate: '2027-02-01T00:00:00Z',
  }),
];

/** `POST /crm/v3/objects/deals/batch/read` when every id was found (HTTP 200). */
export function dealBatch(results: ReturnType<typeof dealObject>[] = DEALS) {
  return {
    status: 'COMPLETE',
    results,
    requestedAt: '2026-11-20T12:00:00.100Z',
    startedAt: '2026-11-20T12:00:00.110Z',
    completedAt: '2026-11-20T12:00:00.180Z',
  };
}

/** `GET /crm/v3/owners/{ownerId}`. */
export function ownerObject(overrides: Record<string, unknown> = {}) {
  return {
    id: OWNER_ID,
    email: 'dana.whitfield@vendor-sales.example',
    type: 'PERSON',
    firstName: 'Dana',
    lastName: 'Whitfield',
    userId: 9586504,
    userIdIncludingInactive: 9586504,
    createdAt: '2019-12-25T13:01:35.228Z',
    updatedAt: '2023-08-22T13:40:26.790Z',
    archived: false,
    teams: [{ id: '178588', name: 'West Coast Sales', primary: true }],
    ...overrides,
  };
}

/** `GET /crm/v3/objects/companies?limit=1`, the connection test. */
export function companyList() {
  return {
    results: [companyObject()],
    paging: {
      next: {
        after: '9876543211',
        link: 'https://api.hubapi.com/crm/v3/objects/companies?limit=1&after=9876543211',
      },
    },
  };
}

/** HubSpot's standard error body. */
export function errorBody(category: string, message: string) {
  return { status: 'error', message, correlationId: 'a43683b0-5717-4ceb-80b4-104d02915d8c', category };
}

export const UNAUTHORIZED = errorBody(
  'INVALID_AUTHENTICATION',
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
);

export const OWNER_NOT_FOUND = errorBody('OBJECT_NOT_FOUND', `Unable to find owner with id ${OWNER_ID}`);

export const NOT_FOUND = errorBody('OBJECT_NOT_FOUND', 'resource not found');

export const INTERNAL_ERROR = errorBody('INTERNAL_ERROR', 'internal error');

/** A 429 from the ten-second rolling limit; HubSpot sends no `Retry-After` unless it decides to. */
export const RATE_LIMITED = {
  ...errorBody('RATE_LIMITS', 'You have reached your ten_secondly_rolling limit.'),
  errorType: 'RATE_LIMIT',
  policyName: 'TEN_SECONDLY_ROLLING',
};

export const RATE_LIMIT_HEADERS: Record<string, string> = {
  'X-HubSpot-RateLimit-Daily': '500000',
  'X-HubSpot-RateLimit-Daily-Remaining': '499120',
  'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
  'X-HubSpot-RateLimit-Max': '190',
  'X-HubSpot-RateLimit-Remaining': '0',
  'X-HubSpot-RateLimit-Secondly': '19',
  'X-HubSpot-RateLimit-Secondly-Remaining': '0',
};

/** Personal data and a secret planted in vendor text: none may survive into evidence. */
export const CANARY = {
  email: 'canary.person@example.org',
  card: '4111 1111 1111 1111',
  token: 'sk_live_canary0123456789abcd',
};
