import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toZendeskHtml } from '../../domain/drafting';
import { ConnectorError } from '../errors';
import { startFakeServer, type FakeHandler, type FakeServer } from '../testing/fake-server';
import { neverAborted, testConnectorContext } from '../testing/context';
import type { WriteBackRequest, WriteBackTarget } from '../types';
import {
  ACCESS_TOKEN,
  COMPANY_ID,
  INTERNAL_ERROR,
  NOT_FOUND,
  PORTAL_ID,
  RATE_LIMITED,
  UNAUTHORIZED,
  errorBody,
} from './fixtures';
import { hubspotConfigSchema, hubspotSecretsSchema } from './index';
import {
  NOTE_TO_COMPANY_ASSOCIATION,
  createHubspotWriteBack,
  hubspotCompanyId,
  hubspotMarkerToken,
} from './write-back';

const NOW = new Date('2026-11-20T12:00:00Z');
const KEY = 'wb-9a1';
const REF = `hubspot-main:account:${COMPANY_ID}`;

let server: FakeServer;
let notes: { id: string; body: string }[];
let respond: FakeHandler;

/** HubSpot notes: created ones are stored, and the search matches whole tokens of `hs_note_body`. */
function hubspot(): FakeHandler {
  return (req) => {
    const body = JSON.parse(req.body || '{}') as Record<string, unknown>;
    const object = (n: { id: string; body: string }) => ({
      id: n.id,
      properties: { hs_note_body: n.body, hs_object_id: n.id },
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      archived: false,
    });
    if (req.method === 'POST' && req.path === '/crm/v3/objects/notes') {
      const props = body.properties as { hs_note_body: string };
      const note = { id: String(51_000_000 + notes.length), body: props.hs_note_body };
      notes.push(note);
      return { status: 201, body: object(note) };
    }
    if (req.method === 'POST' && req.path === '/crm/v3/objects/notes/search') {
      const [group] = body.filterGroups as { filters: { value: string }[] }[];
      const token = group?.filters[0]?.value ?? '';
      const hits = notes.filter((n) => n.body.split(/[^A-Za-z0-9]+/).includes(token));
      return { body: { total: hits.length, results: hits.map(object) } };
    }
    return { status: 404, body: NOT_FOUND };
  };
}

beforeAll(async () => {
  server = await startFakeServer((req) => respond(req));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  notes = [];
  respond = hubspot();
});

function target(): WriteBackTarget {
  return createHubspotWriteBack({
    id: 'hubspot-main',
    config: hubspotConfigSchema.parse({ baseUrl: server.baseUrl, portalId: PORTAL_ID }),
    secrets: hubspotSecretsSchema.parse({ accessToken: ACCESS_TOKEN }),
    context: testConnectorContext({}, NOW),
  });
}

function request(payload: Record<string, unknown>, action: WriteBackRequest['action'] = 'crm-note') {
  return { ref: REF, action, payload, idempotencyKey: KEY, signal: neverAborted() };
}

const find = { ref: REF, idempotencyKey: KEY, signal: neverAborted() };
const COMPANY_URL = `https://app.hubspot.com/contacts/${PORTAL_ID}/company/${COMPANY_ID}`;

describe('HubSpot write-back', () => {
  it('creates a note associated with the company, escaped and ending in the marker token', async () => {
    const result = await target().write(
      request({ accountEvidenceId: REF, note: 'Case SUP-1 <script>x</script> & more' }),
    );

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/crm/v3/objects/notes');
    expect(req?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(JSON.parse(req?.body ?? '')).toEqual({
      properties: {
        hs_note_body: `${toZendeskHtml('Case SUP-1 <script>x</script> & more')}<br><br>Ref: ${hubspotMarkerToken(KEY)}`,
        hs_timestamp: NOW.toISOString(),
      },
      associations: [
        {
          to: { id: COMPANY_ID },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_COMPANY_ASSOCIATION }],
        },
      ],
    });
    expect(result).toEqual({ externalId: '51000000', url: COMPANY_URL });
  });

  it('finds no marker before the write and the note after it, by CONTAINS_TOKEN', async () => {
    const t = target();
    expect(await t.findMarker(find)).toBeNull();
    await t.write(request({ note: 'Logged' }));
    server.requests.length = 0;

    expect(await t.findMarker(find)).toEqual({ externalId: '51000000', url: COMPANY_URL });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toMatchObject({
      filterGroups: [
        {
          filters: [
            { propertyName: 'hs_note_body', operator: 'CONTAINS_TOKEN', value: hubspotMarkerToken(KEY) },
          ],
        },
      ],
    });
  });

  it('ignores a search hit that does not really hold the token', async () => {
    respond = () => ({
      body: {
        total: 1,
        results: [
          {
            id: '1',
            properties: { hs_note_body: 'something else' },
            createdAt: NOW.toISOString(),
            updatedAt: NOW.toISOString(),
          },
        ],
      },
    });
    expect(await target().findMarker(find)).toBeNull();
  });

  it('reads the company id from an evidence id or a bare id, and refuses refs without one', async () => {
    expect(hubspotCompanyId(REF)).toBe(COMPANY_ID);
    expect(hubspotCompanyId(COMPANY_ID)).toBe(COMPANY_ID);
    await expect(target().write({ ...request({ note: 'x' }), ref: 'acme' })).rejects.toMatchObject({
      code: 'config',
    });
    await expect(target().write(request({ note: 'x' }, 'public-reply'))).rejects.toMatchObject({
      code: 'config',
    });
    await expect(target().write(request({ body: 'x' }))).rejects.toMatchObject({ code: 'config' });
    expect(server.requests).toHaveLength(0);
  });

  it('sends hostile text only escaped', async () => {
    await target().write(request({ note: '<a href="javascript:1">x</a> \'quoted\'' }));
    const sentBody = JSON.parse(server.requests[0]?.body ?? '') as { properties: { hs_note_body: string } };
    expect(sentBody.properties.hs_note_body.replace(/<br>/g, '')).not.toMatch(/[<>"']/);
  });
});

describe('HubSpot write-back: failures', () => {
  const cases = [
    { status: 401, code: 'auth', body: UNAUTHORIZED },
    { status: 403, code: 'forbidden', body: errorBody('MISSING_SCOPES', `no scope ${ACCESS_TOKEN}`) },
    { status: 404, code: 'not_found', body: NOT_FOUND },
    { status: 409, code: 'bad_response', body: errorBody('CONFLICT', 'conflict') },
    { status: 500, code: 'unavailable', body: INTERNAL_ERROR },
  ] as const;

  for (const { status, code, body } of cases) {
    it(`maps ${status} to ${code} without echoing the body or the token`, async () => {
      respond = () => ({ status, body });
      const error = await target()
        .write(request({ note: 'x' }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code, status });
      expect((error as Error).message).not.toContain(body.message);
      expect((error as Error).message).not.toContain(ACCESS_TOKEN);
    });
  }

  it('maps 429 to rate_limited with Retry-After', async () => {
    respond = () => ({ status: 429, headers: { 'Retry-After': '10' }, body: RATE_LIMITED });
    await expect(target().write(request({ note: 'x' }))).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 10_000,
    });
    await expect(target().findMarker(find)).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 10_000,
    });
  });

  it('rejects promptly when the signal is aborted while HubSpot hangs', async () => {
    const controller = new AbortController();
    respond = () => {
      controller.abort();
      return { hang: true };
    };
    await expect(
      target().write({ ...request({ note: 'x' }), signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'timeout' });
  });
});
