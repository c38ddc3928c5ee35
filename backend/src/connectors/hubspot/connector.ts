import type { CaseRecord, Evidence } from '@triage/shared';
import { redact } from '../../domain/redaction';
import type { ConnectorDefinition, ConnectorSource } from '../definition';
import { toEvidence } from '../evidence';
import type { EvidenceQuery } from '../types';
import { createHubspotClient, type CrmObject, type HubspotClient, type Owner } from './client';
import { configSchema, secretsSchema, type HubspotConfig } from './config';

// Mailbox providers: a requester at gmail.com says nothing about which company they work for, and
// HubSpot itself does not create companies from these domains.
const FREE_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.com',
  'yandex.com',
  'qq.com',
]);

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

// Stage ids of HubSpot's default sales pipeline; custom pipelines use numeric ids, for which
// `hs_is_closed` (a calculated deal property) says whether the stage is a closed one.
const CLOSED_STAGES = new Set(['closedwon', 'closedlost']);

/** The company's email domain, when it is a real company domain. */
function companyDomain(record: CaseRecord): string | null {
  const email = record.requester?.email?.trim().toLowerCase();
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  const domain = email.slice(at + 1).replace(/\.$/, '');
  if (!DOMAIN.test(domain) || FREE_MAIL_DOMAINS.has(domain)) return null;
  return domain;
}

/** A HubSpot date or datetime property as `YYYY-MM-DD`: ISO strings, or epoch milliseconds in older data. */
function dateOnly(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) {
    const date = v.slice(0, 10);
    return Number.isNaN(Date.parse(date)) ? null : date;
  }
  if (/^\d{10,14}$/.test(v)) {
    const at = new Date(Number(v));
    return Number.isNaN(at.getTime()) ? null : at.toISOString().slice(0, 10);
  }
  return null;
}

function numberOrNull(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : null;
}

/**
 * Free text bound for attributes: {@link toEvidence} redacts only title and excerpt. Title and excerpt get
 * the raw text, so that toEvidence counts what it removed and marks secrets sensitive.
 */
function clean(text: string | null): string | null {
  return text === null ? null : redact(text).text;
}

function ownerName(owner: Owner | null): string | null {
  if (!owner) return null;
  const name = [owner.firstName, owner.lastName]
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .join(' ')
    .trim();
  return name === '' ? null : name;
}

interface OpenDeals {
  count: number;
  /** The open deal closing soonest, with the rest counted; null when none is open. */
  summary: string | null;
  dealId: string | null;
}

function summariseOpenDeals(deals: readonly CrmObject[]): OpenDeals {
  const open = deals.filter((d) => {
    if (d.properties.hs_is_closed === 'true') return false;
    const stage = d.properties.dealstage?.trim().toLowerCase() ?? '';
    return !CLOSED_STAGES.has(stage);
  });
  if (open.length === 0) return { count: 0, summary: null, dealId: null };
  // Soonest close date first: that is the conversation a specialist may walk into.
  const closeOf = (d: CrmObject) => dateOnly(d.properties.closedate) ?? '9999-12-31';
  const [first] = [...open].sort((a, b) => closeOf(a).localeCompare(closeOf(b)) || a.id.localeCompare(b.id));
  if (!first) return { count: 0, summary: null, dealId: null };
  const p = first.properties;
  const amount = numberOrNull(p.amount);
  const close = dateOnly(p.closedate);
  const details = [
    p.dealstage ? `stage ${p.dealstage}` : null,
    amount === null ? null : `amount ${amount.toLocaleString('en-US')}`,
    close ? `closes ${close}` : null,
  ].filter((x): x is string => x !== null);
  const name = p.dealname?.trim() ? p.dealname.trim() : `deal ${first.id}`;
  const more = open.length > 1 ? `; +${open.length - 1} more open` : '';
  return {
    count: open.length,
    summary: `${name}${details.length ? ` (${details.join(', ')})` : ''}${more}`,
    dealId: first.id,
  };
}

function normaliseTier(raw: string | null | undefined, config: HubspotConfig): string | null {
  const tier = raw?.trim().toLowerCase();
  if (!tier) return null;
  return (config.tierMap[tier] ?? tier).toLowerCase();
}

async function findCompany(
  client: HubspotClient,
  record: CaseRecord,
  properties: readonly string[],
  signal: AbortSignal,
): Promise<{ company: CrmObject; total: number; matchedBy: 'domain' | 'name' } | null> {
  const domain = companyDomain(record);
  if (domain) {
    const hit = await client.findCompany('domain', domain, properties, signal);
    if (hit) return { ...hit, matchedBy: 'domain' };
  }
  const name = record.organization?.name?.trim();
  if (name) {
    const hit = await client.findCompany('name', name.slice(0, 200), properties, signal);
    if (hit) return { ...hit, matchedBy: 'name' };
  }
  return null;
}

function createSource(id: string, config: HubspotConfig, client: HubspotClient): ConnectorSource {
  const companyProperties = [
    ...new Set([
      'name',
      'domain',
      'hubspot_owner_id',
      'hs_lastmodifieddate',
      config.tierProperty,
      config.arrProperty,
      config.renewalProperty,
    ]),
  ];

  return {
    id,
    capabilities: ['account'],

    async fetch(query: EvidenceQuery): Promise<Evidence[]> {
      // The CRM holds current state, not events: the case window does not narrow which company or
      // which open deals apply, so it is not sent.
      const match = await findCompany(client, query.record, companyProperties, query.signal);
      if (!match) return [];
      const { company, total, matchedBy } = match;
      const p = company.properties;
      const ownerId = p.hubspot_owner_id?.trim() ?? '';

      const [deals, owner] = await Promise.all([
        client
          .dealIdsOf(company.id, { maxPages: config.maxPages, maxIds: config.maxDeals }, query.signal)
          .then((ids) => client.readDeals(ids, query.signal)),
        config.ownerLookup && /^\d+$/.test(ownerId)
          ? client.owner(ownerId, query.signal)
          : Promise.resolve(null),
      ]);

      const open = summariseOpenDeals(deals);
      const name = p.name?.trim() || p.domain?.trim() || `HubSpot company ${company.id}`;
      const tier = normaliseTier(p[config.tierProperty], config);
      const arr = numberOrNull(p[config.arrProperty]);
      const owned = ownerName(owner);
      const renewalDate = dateOnly(p[config.renewalProperty]);

      const excerpt = [
        arr === null ? 'ARR not set' : `ARR ${arr.toLocaleString('en-US')}`,
        tier === null ? 'tier not set' : null,
        owned ? `owner ${owned}` : null,
        renewalDate ? `renews ${renewalDate}` : null,
        open.summary ? `open opportunity: ${open.summary}` : 'no open deals',
        matchedBy === 'domain'
          ? `matched by email domain ${p.domain ?? ''}`.trim()
          : 'matched by organization name',
        total > 1 ? `${total} companies matched, most recently updated shown` : null,
      ].filter((x): x is string => x !== null);

      return [
        toEvidence(id, 'account', company.id, {
          title: tier ? `${name} (${tier})` : name,
          excerpt: excerpt.join('; '),
          url: `${config.appUrl}/contacts/${config.portalId}/company/${company.id}`,
          observedAt: new Date(company.updatedAt).toISOString(),
          attributes: {
            accountId: company.id,
            name: redact(name).text,
            // Left out when unset rather than invented: the engine then falls back to the policy's
            // default tier instead of trusting a made-up one.
            ...(tier === null ? {} : { tier }),
            arr,
            owner: clean(owned),
            renewalDate,
            openOpportunity: clean(open.summary),
            openDeals: open.count,
            openDealId: open.dealId,
            domain: p.domain?.trim().toLowerCase() || null,
            matchedBy,
            matchingCompanies: total,
          },
        }),
      ];
    },

    async testConnection(signal: AbortSignal): Promise<void> {
      await client.ping(signal);
    },
  };
}

/**
 * HubSpot CRM as an `account` evidence source: finds the case's company by the requester's email domain
 * (else the organization's name), reads its tier, ARR, renewal date and owner, and its open deals.
 *
 * Endpoints: `POST /crm/v3/objects/companies/search`, `GET /crm/v4/objects/companies/{id}/associations/deals`,
 * `POST /crm/v3/objects/deals/batch/read`, `GET /crm/v3/owners/{ownerId}`; `testConnection` reads
 * `GET /crm/v3/objects/companies?limit=1`.
 *
 * @see https://developers.hubspot.com/docs/api/crm/companies
 * @see https://developers.hubspot.com/docs/api/crm/search
 */
export const hubspotConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  type: 'hubspot',
  title: 'HubSpot CRM',
  capabilities: ['account'],
  configSchema,
  secretsSchema,
  create({ id, config, secrets, context }) {
    const client = createHubspotClient({
      http: context.http,
      baseUrl: config.baseUrl,
      accessToken: secrets.accessToken,
    });
    return createSource(id, config, client);
  },
};
