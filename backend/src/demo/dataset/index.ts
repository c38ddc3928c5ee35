import { DemoDataset } from './schema';
import { COMPANY } from './company';
import { buildAccounts } from './accounts';
import { buildBilling } from './billing';
import { buildConfig } from './config';
import { buildDefects, buildKnownIssues, buildReleases } from './knowledge';
import { buildIncidents, buildStatusComponents } from './incidents';
import { buildHistory } from './cases';
import { buildOpenCases } from './open-cases';
import { buildErrorEvents, buildLogLines } from './logs';
import { childRng, iso, SEED } from './prng';

export { DemoDataset } from './schema';
export type {
  Account,
  Company,
  Contact,
  Defect,
  ErrorEvent,
  Incident,
  Invoice,
  KnownIssue,
  LogLine,
  Order,
  Release,
  StatusComponent,
} from './schema';
export { TEMPLATE_SLOTS } from './config';
export { COMPANY, QUEUES } from './company';

export const DEMO_TENANT_ID = 'demo';

/**
 * The demo tenant's whole world, built relative to `now`: CRM accounts, billing, known issues,
 * defects, releases, incidents and status, product logs, error events, ~200 labelled historical
 * cases and 15 open cases. Pure and deterministic: the same `now` always gives the same dataset.
 */
export function buildDemoDataset(now: Date): DemoDataset {
  const at = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const accounts = buildAccounts(at);
  const releases = buildReleases(at);
  const knownIssues = buildKnownIssues(at);
  const defects = buildDefects(at);
  const incidents = buildIncidents(at);
  const statusComponents = buildStatusComponents(incidents);
  const billing = buildBilling(at, accounts);
  const knowledge = { knownIssues, releases, incidents };
  const history = buildHistory(
    at,
    childRng(SEED, 'history'),
    accounts,
    knowledge,
    billing.invoices,
    billing.events,
  );
  const open = buildOpenCases(at, childRng(SEED, 'open'), accounts, billing.invoices, history);
  const logLines = buildLogLines(at, childRng(SEED, 'logs'), accounts, incidents, open.signals);
  const errorEvents = buildErrorEvents(at, childRng(SEED, 'errors'), knownIssues, incidents, releases);
  return {
    tenantId: DEMO_TENANT_ID,
    generatedAt: iso(at),
    company: COMPANY,
    config: buildConfig(),
    accounts,
    orders: billing.orders,
    invoices: billing.invoices,
    knownIssues,
    defects,
    releases,
    incidents,
    statusComponents,
    logLines,
    errorEvents,
    cases: [...history.cases, ...open.cases.map((c) => c.record)],
  };
}

/** The open demo cases' ids with one line each on what they show (for a demo script or README). */
export function describeOpenCases(now: Date): string[] {
  const at = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const accounts = buildAccounts(at);
  const releases = buildReleases(at);
  const knownIssues = buildKnownIssues(at);
  const incidents = buildIncidents(at);
  const billing = buildBilling(at, accounts);
  const history = buildHistory(
    at,
    childRng(SEED, 'history'),
    accounts,
    { knownIssues, releases, incidents },
    billing.invoices,
    billing.events,
  );
  return buildOpenCases(at, childRng(SEED, 'open'), accounts, billing.invoices, history).cases.map(
    (c) => c.demonstrates,
  );
}
