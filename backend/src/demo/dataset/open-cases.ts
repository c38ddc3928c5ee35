import type { CaseComment, CaseRecord } from '@triage/shared';
import type { Account, Invoice } from './schema';
import { accountById, contactFor, firstName, type ContactRole } from './accounts';
import { agentId, jiraPriority } from './cases';
import { fmtMoney } from './scenario-types';
import { addMinutes, clock, dayLabel, iso, minutesBefore, type Rng } from './prng';
import { ONGOING_INCIDENT_STARTED_MINUTES_AGO } from './incidents';

/** A log line an open case's evidence should find: by account, inside the case's time window. */
export interface LogSignal {
  at: Date;
  accountId: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  service: string;
  requestId: string;
  message: string;
}

interface Turn {
  role: 'customer' | 'agent';
  /** Minutes after the case was created. */
  after: number;
  public: boolean;
  body: string;
}

interface OpenSpec {
  key: string;
  demonstrates: string;
  accountId: string;
  role: ContactRole;
  minutesAgo: number;
  source: 'zendesk' | 'jira';
  channel: string;
  priority: string;
  product?: string;
  withOrganization: boolean;
  subject: string;
  description: string;
  turns: Turn[];
  tags: string[];
  fields: Record<string, string | number | boolean>;
  signals: LogSignal[];
}

export interface OpenCase {
  record: CaseRecord;
  /** One line for the demo script: what this case shows. */
  demonstrates: string;
}

export interface OpenCasesResult {
  cases: OpenCase[];
  signals: LogSignal[];
}

const AGENT = {
  dana: 'Dana Whitfield',
  katrin: 'Katrin Vogel',
  ravi: 'Ravi Kulkarni',
  mei: 'Mei Lin Chen',
  jonah: 'Jonah Abebe',
} as const;

function req(rng: Rng): string {
  return `req_${rng.hex(16)}`;
}

/** Evenly spread signals over [from, to] (minutes before now). */
function spread(
  now: Date,
  fromAgo: number,
  toAgo: number,
  n: number,
  make: (i: number, at: Date) => Omit<LogSignal, 'at'>,
): LogSignal[] {
  const out: LogSignal[] = [];
  for (let i = 0; i < n; i++) {
    const ago = fromAgo - ((fromAgo - toAgo) * (i + 0.5)) / n;
    const at = minutesBefore(now, ago);
    out.push({ at, ...make(i, at) });
  }
  return out;
}

export function buildOpenCases(
  now: Date,
  rng: Rng,
  accounts: readonly Account[],
  invoices: readonly Invoice[],
  numbering: { nextZd: number; nextSup: number },
): OpenCasesResult {
  const acct = (id: string): Account => accountById(accounts, id);
  const latestInvoice = (accountId: string, pred: (i: Invoice) => boolean): Invoice => {
    const inv = invoices.filter((i) => i.accountId === accountId && pred(i)).at(-1);
    if (!inv) throw new Error(`no matching invoice for ${accountId}`);
    return inv;
  };
  const ago = (m: number): Date => minutesBefore(now, m);
  const specs: OpenSpec[] = [];

  // 1. Ongoing incident, enterprise, angry, first-response SLA already breached.
  {
    const a = acct('acct-1001');
    const ids = [req(rng), req(rng), req(rng)];
    const created = 160;
    specs.push({
      key: 'incident-enterprise',
      demonstrates:
        'Hit by the ongoing Checkout API incident (INC-253, onset ~28 h after release 5.14.0); enterprise, angry, sev1, first-response SLA breached.',
      accountId: a.id,
      role: 'engineer',
      minutesAgo: created,
      source: 'zendesk',
      channel: 'email',
      priority: 'urgent',
      product: 'payments',
      withOrganization: true,
      subject: 'URGENT - checkout is down, all payments failing',
      description: `Our checkout has been failing since about ${clock(ago(ONGOING_INCIDENT_STARTED_MINUTES_AGO - 4))}. Every POST to /v2/checkout/sessions returns 502 Bad Gateway or hangs for 30 seconds and then times out. This is our peak booking window and we are losing revenue every minute - ops estimates 400+ failed bookings already.\n\nRequest IDs from our side:\n${ids.join('\n')}\n\nWe have not deployed anything in the last three days. Your status page just says "investigating", which tells us nothing.\n\nI need a phone call from someone senior NOW. We pay over $400k a year for this platform.\n\nHana Takeda\nLead Platform Engineer, Orbital Freight Co.`,
      turns: [
        {
          role: 'customer',
          after: 45,
          public: true,
          body: 'It has been 45 minutes. Still 502s on every attempt. Nobody has even acknowledged this ticket. Our CEO is asking me for an ETA.',
        },
        {
          role: 'customer',
          after: 110,
          public: true,
          body: 'Calling your support line now. This is completely unacceptable. If this is not fixed in the next hour we will switch traffic to our backup provider and review our contract.',
        },
      ],
      tags: ['checkout', 'api', '502', 'tier_enterprise'],
      fields: { account_id: a.id, product_area: 'checkout-api', api_version: '2024-09-01' },
      signals: [
        ...spread(now, ONGOING_INCIDENT_STARTED_MINUTES_AGO - 2, 3, 14, (i) => ({
          accountId: a.id,
          level: 'error',
          service: 'checkout-api',
          requestId: ids[i] ?? req(rng),
          message: `POST /v2/checkout/sessions 502 upstream=payments-gateway err=${i % 3 === 0 ? 'UPSTREAM_TIMEOUT' : 'POOL_EXHAUSTED'} latency_ms=${i % 3 === 0 ? 30004 : rng.int(40, 900)} region=us-east-1 release=5.14.0`,
        })),
      ],
    });
  }

  // 2. A second, short report of the same incident from a small customer.
  {
    const a = acct('acct-1022');
    const id = req(rng);
    specs.push({
      key: 'incident-standard',
      demonstrates:
        'Second report of the ongoing incident from a standard-tier customer; should be linked to INC-253 and the enterprise report.',
      accountId: a.id,
      role: 'finance',
      minutesAgo: 75,
      source: 'zendesk',
      channel: 'chat',
      priority: 'high',
      product: 'payments',
      withOrganization: true,
      subject: 'Is checkout down? Online orders failing with 502',
      description: `Hey - is checkout down? About half of the card payments on our online ordering page fail with "Something went wrong (502)". Started maybe an hour ago. We have a big tasting event tonight, please help!\n\nDominic\nKettle & Crane Brewing`,
      turns: [],
      tags: ['checkout', 'tier_standard'],
      fields: { account_id: a.id },
      signals: spread(now, 95, 20, 5, () => ({
        accountId: a.id,
        level: 'error',
        service: 'checkout-api',
        requestId: id,
        message: `POST /v2/checkout/sessions 502 upstream=payments-gateway err=POOL_EXHAUSTED latency_ms=${rng.int(30, 400)} region=us-east-1 release=5.14.0`,
      })),
    });
  }

  // 3. Matches open known issue KI-17 by its error code.
  {
    const a = acct('acct-1008');
    const created = 1140;
    const run = `cr_${rng.hex(10)}`;
    specs.push({
      key: 'known-issue-code',
      demonstrates:
        'Quotes SYNC-429-BACKOFF-EXHAUSTED: matches open known issue KI-17 (ENG-455) and its workaround; sync-worker logs confirm.',
      accountId: a.id,
      role: 'engineer',
      minutesAgo: created,
      source: 'zendesk',
      channel: 'web',
      priority: 'normal',
      product: 'sync',
      withOrganization: true,
      subject: 'Ledger connector stalled again - SYNC-429-BACKOFF-EXHAUSTED',
      description: `Hi,\n\nOur nightly ledger sync has been stuck since around ${clock(ago(created + 300))}. The run page (${run}) shows "Failed: SYNC-429-BACKOFF-EXHAUSTED" after 5 retries and 1,284 invoices are pending. Month-end close starts in a few days so we need these in the ledger.\n\nWe haven't changed anything in the connector settings.\n\nThanks,\nIbrahim Haddad\nData Engineer, Mosswood Analytics`,
      turns: [
        {
          role: 'agent',
          after: 48,
          public: true,
          body: `Hi Ibrahim,\n\nThanks for the details and the run ID. I'm looking at the connector run now and will update you here.\n\nBest,\n${AGENT.ravi}`,
        },
        {
          role: 'customer',
          after: 330,
          public: true,
          body: 'Any news? The automatic retry this morning failed the same way.',
        },
      ],
      tags: ['connectors', 'ledger', 'tier_business'],
      fields: { account_id: a.id, product_area: 'connectors', connector_run: run },
      signals: [
        ...spread(now, created + 320, created + 250, 6, (i) => ({
          accountId: a.id,
          level: 'warn',
          service: 'sync-worker',
          requestId: `${run}:${i + 1}`,
          message: `ledger connector run=${run} upstream responded 429 Too Many Requests; backoff attempt ${i + 1}/5 sleep_ms=${1000 * 2 ** i}`,
        })),
        {
          at: ago(created + 240),
          accountId: a.id,
          level: 'error',
          service: 'sync-worker',
          requestId: `${run}:6`,
          message: `ledger connector run=${run} failed code=SYNC-429-BACKOFF-EXHAUSTED pending=1284 checkpoint=inv_${rng.hex(8)}`,
        },
        {
          at: ago(410),
          accountId: a.id,
          level: 'error',
          service: 'sync-worker',
          requestId: `cr_${rng.hex(10)}:6`,
          message: 'ledger connector scheduled retry failed code=SYNC-429-BACKOFF-EXHAUSTED pending=1284',
        },
      ],
    });
  }

  // 4. Double charge with an invoice number.
  {
    const a = acct('acct-1009');
    const inv = latestInvoice(a.id, (i) => i.payments.filter((p) => p.status === 'succeeded').length === 2);
    const [p1, p2] = inv.payments;
    specs.push({
      key: 'double-charge',
      demonstrates: `Double charge on ${inv.id}: billing flag, the invoice shows two succeeded charges; gateway log has E_IDEMPOTENCY_CONFLICT (KI-14, monitoring); refund needs approval.`,
      accountId: a.id,
      role: 'finance',
      minutesAgo: 170,
      source: 'zendesk',
      channel: 'web',
      priority: 'normal',
      product: 'billing',
      withOrganization: true,
      subject: `Charged twice for invoice ${inv.id}`,
      description: `Hi,\n\nOur Visa ending 4417 was charged twice for invoice ${inv.id} (${fmtMoney(inv.amount, inv.currency)}) on ${p1 ? dayLabel(new Date(p1.at)) : 'the same day'}, one minute apart. Both charges have posted on our card statement. We only have one Ferrowick subscription.\n\nCould you please refund the duplicate charge?\n\nThank you,\nLinda Marsh\nAccounts Payable Manager, Pinecrest Property Management`,
      turns: [],
      tags: ['billing', 'tier_business'],
      fields: { account_id: a.id, invoice_number: inv.id },
      signals:
        p1 && p2
          ? [
              {
                at: new Date(p1.at),
                accountId: a.id,
                level: 'info',
                service: 'billing-charges',
                requestId: `req_${rng.hex(16)}`,
                message: `charge ${p1.id} for ${inv.id} amount=${inv.amount} ${inv.currency} status=succeeded gateway_latency_ms=29870`,
              },
              {
                at: addMinutes(new Date(p1.at), 0.5),
                accountId: a.id,
                level: 'warn',
                service: 'payments-gateway',
                requestId: `req_${rng.hex(16)}`,
                message: `gateway timeout after 30000ms for ${inv.id}; retrying capture (attempt 2) code=E_IDEMPOTENCY_CONFLICT key_reused=false`,
              },
              {
                at: new Date(p2.at),
                accountId: a.id,
                level: 'info',
                service: 'billing-charges',
                requestId: `req_${rng.hex(16)}`,
                message: `charge ${p2.id} for ${inv.id} amount=${inv.amount} ${inv.currency} status=succeeded`,
              },
            ]
          : [],
    });
  }

  // 5. Vague: nothing to go on.
  {
    const a = acct('acct-1016');
    specs.push({
      key: 'vague',
      demonstrates:
        'Vague "it doesn\'t work": no product, account, error, time or steps - the missing-data checklist and request-info draft.',
      accountId: a.id,
      role: 'admin',
      minutesAgo: 55,
      source: 'zendesk',
      channel: 'web',
      priority: 'normal',
      withOrganization: false,
      subject: 'it doesnt work',
      description:
        'hi it still doesnt work. we tried again this morning and same thing happened. please fix asap',
      turns: [],
      tags: [],
      fields: {},
      signals: [],
    });
  }

  // 6. Account-owner change on an SSO account: account change, unsafe for automation.
  {
    const a = acct('acct-1003');
    specs.push({
      key: 'sso-owner-change',
      demonstrates:
        'Asks to transfer the account owner, remove an admin and swap the SAML certificate: account-change + production-config-change, unsafe for automation, needs customer authorization (four-eyes).',
      accountId: a.id,
      role: 'finance',
      minutesAgo: 380,
      source: 'zendesk',
      channel: 'email',
      priority: 'high',
      product: 'identity',
      withOrganization: true,
      subject: 'Change account owner and SSO admin - our admin is leaving',
      description: `Hello,\n\nPatrick Doyle, our Identity & Access Manager, is leaving Halcyon Health Partners at the end of this week. He is currently the account owner and the only SSO admin.\n\nPlease:\n1. transfer the account ownership to me (ngozi.eze@halcyon-health.test),\n2. remove Patrick's admin rights after Friday, and\n3. replace the SAML signing certificate on your side with the new one from our IdP (attached), since we rotate it next week.\n\nWe cannot afford any SSO downtime - 2,100 clinicians sign in through it.\n\nRegards,\nNgozi Eze\nController, Halcyon Health Partners`,
      turns: [
        {
          role: 'agent',
          after: 22,
          public: true,
          body: `Hi Ngozi,\n\nThank you for the advance notice. I have picked up your request and a specialist from our identity team will follow up with the next steps.\n\nBest,\n${AGENT.dana}`,
        },
      ],
      tags: ['sso', 'account_owner', 'tier_enterprise'],
      fields: { account_id: a.id, product_area: 'admin-console' },
      signals: [
        {
          at: ago(400),
          accountId: a.id,
          level: 'info',
          service: 'auth-service',
          requestId: `req_${rng.hex(16)}`,
          message: 'saml login ok user=ct-1003-2 idp=halcyon-idp cert_fp=4F:2A:…:9C expires_in_days=9',
        },
        {
          at: ago(395),
          accountId: a.id,
          level: 'info',
          service: 'admin-console',
          requestId: `req_${rng.hex(16)}`,
          message: 'account owner=ct-1003-2 admins=1 sso_enforced=true',
        },
      ],
    });
  }

  // 7. Security: a leaked API key.
  {
    const a = acct('acct-1013');
    const key = 'fk_live_7Q…a91c';
    specs.push({
      key: 'api-key-leak',
      demonstrates:
        'Possible leaked API key: security-sensitive evidence (gateway log shows use from an unknown IP), revocation is destructive - unsafe for automation, escalate.',
      accountId: a.id,
      role: 'admin',
      minutesAgo: 40,
      source: 'zendesk',
      channel: 'email',
      priority: 'urgent',
      product: 'identity',
      withOrganization: true,
      subject: 'I think our API key leaked',
      description: `Hi,\n\nOne of our engineers accidentally committed our live API key (prefix fk_live_7Q, ends in a91c) to a public code repository about two hours ago. Secret scanning alerted us and we removed the commit, but the key was publicly visible for roughly 40 minutes.\n\nCan you tell us whether the key was used from anywhere other than our servers (we call you only from 198.51.100.0/24), and help us rotate it without breaking our production integration?\n\nArjun Mehta\nSecurity Engineer, Corvid Security Labs`,
      turns: [],
      tags: ['api_keys', 'security', 'tier_business'],
      fields: { account_id: a.id, product_area: 'api-keys' },
      signals: [
        ...spread(now, 240, 60, 5, () => ({
          accountId: a.id,
          level: 'info',
          service: 'api-gateway',
          requestId: `req_${rng.hex(16)}`,
          message: `auth ok key=${key} ip=198.51.100.${rng.int(10, 40)} ua=ferrowick-node/4.2.1 POST /v2/invoices 201`,
        })),
        {
          at: ago(95),
          accountId: a.id,
          level: 'warn',
          service: 'api-gateway',
          requestId: `req_${rng.hex(16)}`,
          message: `auth ok key=${key} ip=203.0.113.45 ua=python-requests/2.31 GET /v2/customers?limit=100 200 (first use from this ip)`,
        },
        {
          at: ago(93),
          accountId: a.id,
          level: 'warn',
          service: 'api-gateway',
          requestId: `req_${rng.hex(16)}`,
          message: `auth ok key=${key} ip=203.0.113.45 ua=python-requests/2.31 GET /v2/invoices?limit=100 200`,
        },
      ],
    });
  }

  // 8. Routine how-to.
  {
    const a = acct('acct-1018');
    specs.push({
      key: 'how-to',
      demonstrates:
        'Routine how-to (automatic payment reminders): sev4, routine flag, answerable from approved language.',
      accountId: a.id,
      role: 'finance',
      minutesAgo: 1320,
      source: 'zendesk',
      channel: 'web',
      priority: 'low',
      product: 'billing',
      withOrganization: true,
      subject: 'How do I set up automatic reminders for my clients?',
      description:
        "Hi there!\n\nI run a small yoga studio and invoice our members monthly through Ferrowick. Is it possible to send an automatic reminder email a few days before an invoice is due? I looked under Settings but couldn't find it.\n\nThanks so much!\nJade",
      turns: [],
      tags: ['billing', 'tier_standard'],
      fields: { account_id: a.id },
      signals: [],
    });
  }

  // 9. Mobile crash with app version and device (new since 6.14.0, not a known issue yet).
  {
    const a = acct('acct-1010');
    specs.push({
      key: 'mobile-crash',
      demonstrates:
        'iOS crash with app version 6.14.0, device and steps: new crash group after release 6.14.0 (ENG-494), engineering flag; no known issue yet.',
      accountId: a.id,
      role: 'admin',
      minutesAgo: 540,
      source: 'zendesk',
      channel: 'email',
      priority: 'high',
      product: 'mobile',
      withOrganization: true,
      subject: 'iOS app crashes when scanning receipts (6.14.0)',
      description:
        'Hello,\n\nSince updating to Ferrowick 6.14.0 the iPhone app crashes every time we tap "Scan receipt". The camera opens for a split second and then the app closes.\n\nDevice: iPhone 15 Pro, iOS 17.5.1. Also happens on my colleague\'s iPhone 13 (iOS 17.5).\n\nSteps: open app -> Expenses -> + -> Scan receipt -> crash. We reinstalled the app, same result. Expense receipts from both our cafés are piling up.\n\nJosh Turner\nOperations Manager, Quayside Coffee Roasters',
      turns: [
        {
          role: 'agent',
          after: 35,
          public: true,
          body: `Hi Josh,\n\nThanks, those steps are very clear. I'm checking our crash reports for 6.14.0 now and will come back to you.\n\nBest,\n${AGENT.mei}`,
        },
      ],
      tags: ['mobile', 'ios', 'crash', 'tier_business'],
      fields: { account_id: a.id, app_version: '6.14.0', device: 'iPhone 15 Pro', os_version: 'iOS 17.5.1' },
      signals: spread(now, 720, 560, 4, (i) => ({
        accountId: a.id,
        level: 'error',
        service: 'mobile-telemetry',
        requestId: `crash_${rng.hex(12)}`,
        message: `crash report app=6.14.0 (1402) os=iOS ${i % 2 === 0 ? '17.5.1' : '17.5'} device=${i % 2 === 0 ? 'iPhone16,1' : 'iPhone14,5'} exception=NSInternalInconsistencyException at ReceiptCaptureViewController.startSession`,
      })),
    });
  }

  // 10. Webhooks failing after the recent Sync release.
  {
    const a = acct('acct-1004');
    const endpoint = `https://hooks.${a.domain}/ferrowick/events`;
    specs.push({
      key: 'webhook-after-release',
      demonstrates:
        'Webhook signature failures starting ~4 h after Sync 3.9.0 (webhooks): onset-after-release, open known issue KI-25 with workaround, enterprise.',
      accountId: a.id,
      role: 'engineer',
      minutesAgo: 1800,
      source: 'zendesk',
      channel: 'email',
      priority: 'high',
      product: 'sync',
      withOrganization: true,
      subject: 'All webhooks failing signature verification since last night',
      description: `Hi team,\n\nFor about ten hours now (since roughly ${clock(ago(40 * 60 + 5))}) our endpoint has been rejecting every webhook from you with 401, because the signature check fails. We verify the Ferrowick-Signature header with our endpoint secret exactly as documented; that code has not changed in 14 months.\n\nYour delivery log shows WEBHOOK_SIGNATURE_MISMATCH for ${endpoint}. Did you change something?\n\nOrder status updates for our marketplace sellers are stuck - about 3,900 events are pending.\n\nOwen Mbeki\nStaff Engineer, Payments - Tidewater Marketplaces`,
      turns: [
        {
          role: 'agent',
          after: 20,
          public: true,
          body: `Hi Owen,\n\nThanks for reporting this. I'm looking at the delivery log for your endpoint now and will update you shortly.\n\nKind regards,\n${AGENT.jonah}\nFerrowick Support`,
        },
        {
          role: 'customer',
          after: 380,
          public: true,
          body: 'Any update? We are considering disabling signature verification temporarily, which our security team really does not like.',
        },
      ],
      tags: ['webhooks', 'tier_enterprise'],
      fields: { account_id: a.id, product_area: 'webhooks', endpoint },
      signals: spread(now, 40 * 60 + 3, 60, 16, () => ({
        accountId: a.id,
        level: 'error',
        service: 'webhook-dispatcher',
        requestId: `evt_${rng.hex(14)}`,
        message: `delivery to ${endpoint} failed status=401 body="invalid signature" sig_version=v2 code=WEBHOOK_SIGNATURE_MISMATCH attempt=${rng.int(1, 8)}`,
      })),
    });
  }

  // 11. German-language case (JSM portal): invoice PDF truncated, known issue KI-23.
  {
    const a = acct('acct-1002');
    const inv = latestInvoice(a.id, (i) => i.lines.length > 40);
    specs.push({
      key: 'german',
      demonstrates: `German-language case from the JSM portal: invoice PDF ${inv.id} missing line items; matches KI-23 (PDF_RENDER_TRUNCATED) via the renderer log.`,
      accountId: a.id,
      role: 'finance',
      minutesAgo: 840,
      source: 'jira',
      channel: 'web',
      priority: jiraPriority('sev3'),
      product: 'billing',
      withOrganization: true,
      subject: `Rechnungs-PDF ${inv.id} unvollständig - Positionen fehlen`,
      description: `Guten Tag,\n\nim PDF der Rechnung ${inv.id} fehlen alle Positionen ab Seite 2. Die Rechnung hat ${inv.lines.length - 1} Positionen (eine pro Kostenstelle), im PDF sehen wir nur die ersten 40 - die Gesamtsumme von ${euroDe(inv.amount)} enthält aber alle. In der Web-Ansicht sind alle Positionen vorhanden.\n\nUnsere Buchhaltung kann die Rechnung so nicht verbuchen. Wir brauchen bis Monatsende ein vollständiges PDF.\n\nMit freundlichen Grüßen\nJörg Albrecht\nLeiter Finanzbuchhaltung, Brenner Maschinenbau GmbH`,
      turns: [
        {
          role: 'agent',
          after: 40,
          public: true,
          body: `Hallo Herr Albrecht,\n\nvielen Dank für Ihre Meldung. Wir prüfen die Rechnung ${inv.id} und melden uns hier mit einem Zwischenstand.\n\nViele Grüße\n${AGENT.katrin}\nFerrowick Support`,
        },
      ],
      tags: ['billing', 'invoice_pdf', 'lang_de', 'tier_enterprise'],
      fields: { account_id: a.id, invoice_number: inv.id },
      signals: spread(now, 900, 845, 3, () => ({
        accountId: a.id,
        level: 'warn',
        service: 'pdf-renderer',
        requestId: `req_${rng.hex(16)}`,
        message: `render ${inv.id} layout=v2 locale=de pages=2 rows=${inv.lines.length - 1} rendered_rows=40 warn=PDF_RENDER_TRUNCATED`,
      })),
    });
  }

  // 12. Customer threatens legal action (payouts on hold).
  {
    const a = acct('acct-1012');
    const po = `po_${rng.hex(12)}`;
    specs.push({
      key: 'legal-threat',
      demonstrates:
        'Customer mentions an attorney and a regulator over held payouts: legal-risk sentiment, escalation to team lead; payouts log shows the hold reason.',
      accountId: a.id,
      role: 'finance',
      minutesAgo: 1220,
      source: 'zendesk',
      channel: 'email',
      priority: 'high',
      product: 'payments',
      withOrganization: true,
      subject: 'Payouts withheld for 9 days - final notice before legal action',
      description: `I have called your support line twice about this and I am now putting it in writing.\n\nOur payouts, totalling $48,210.55, have been "on hold" since ${dayLabel(ago(9 * 24 * 60))}. Nobody has explained why. We have suppliers and payroll to cover.\n\nIf the funds are not released by the end of business tomorrow, our attorney will file a claim and we will report this to the state regulator. I want a written explanation of the hold and the name of the person responsible.\n\nCarla Jennings\nCFO, Sablefish Outdoor Gear`,
      turns: [
        {
          role: 'agent',
          after: 30,
          public: true,
          body: `Hi Carla,\n\nI understand how serious this is for you. I have picked up your case and I am reviewing the payout records now; I will update you here today.\n\nBest,\n${AGENT.dana}`,
        },
      ],
      tags: ['payouts', 'tier_business'],
      fields: { account_id: a.id, product_area: 'payouts' },
      signals: [
        {
          at: ago(9 * 24 * 60 + 30),
          accountId: a.id,
          level: 'warn',
          service: 'payouts',
          requestId: po,
          message: `payout ${po} amount=48210.55 USD status=on_hold reason=risk_review requirement=business_bank_statement`,
        },
        {
          at: ago(9 * 24 * 60 + 25),
          accountId: a.id,
          level: 'info',
          service: 'notifications',
          requestId: po,
          message:
            'email requirement_requested to=mark.delaney@sablefish-outdoor.test template=payout_documents_needed',
        },
        {
          at: ago(5 * 24 * 60),
          accountId: a.id,
          level: 'info',
          service: 'notifications',
          requestId: po,
          message:
            'email requirement_reminder to=mark.delaney@sablefish-outdoor.test template=payout_documents_needed',
        },
        {
          at: ago(1300),
          accountId: a.id,
          level: 'info',
          service: 'payouts',
          requestId: po,
          message: `payout ${po} still on_hold reason=risk_review requirement=business_bank_statement documents_received=0`,
        },
      ],
    });
  }

  // 13. Data loss after a connector run.
  {
    const a = acct('acct-1015');
    const run = `cr_${rng.hex(10)}`;
    specs.push({
      key: 'data-loss',
      demonstrates:
        'Reported data loss after a connector run (sev2, first-response SLA breached); logs show a mirror-mode run deleting 342 records and a settings change 3 days earlier - evidence, not a root-cause claim.',
      accountId: a.id,
      role: 'engineer',
      minutesAgo: 240,
      source: 'zendesk',
      channel: 'email',
      priority: 'urgent',
      product: 'sync',
      withOrganization: true,
      subject: "URGENT: ~340 client records deleted after last night's sync",
      description:
        "After last night's connector run, about 340 client records disappeared from our practice management system. They were there yesterday evening. The Ferrowick connector is the only thing that writes to it overnight.\n\nThese are pet-owner records with payment history for 12 clinics. This is data loss and we need the records restored today.\n\nBeth Kowalski\nIntegrations Specialist, Meridian Veterinary Clinics",
      turns: [],
      tags: ['connectors', 'tier_business'],
      fields: { account_id: a.id, product_area: 'connectors' },
      signals: [
        {
          at: ago(3 * 24 * 60 + 200),
          accountId: a.id,
          level: 'info',
          service: 'admin-console',
          requestId: `req_${rng.hex(16)}`,
          message:
            'connector settings updated connector=practice-mgmt by=luis.romero@meridian-vet.test sync_mode=upsert->mirror',
        },
        {
          at: ago(620),
          accountId: a.id,
          level: 'info',
          service: 'sync-worker',
          requestId: run,
          message: `connector run=${run} started connector=practice-mgmt mode=mirror object=customers`,
        },
        {
          at: ago(600),
          accountId: a.id,
          level: 'warn',
          service: 'sync-worker',
          requestId: run,
          message: `connector run=${run} mirror: 342 target records not present in source selection (filter: status=active) -> delete`,
        },
        {
          at: ago(596),
          accountId: a.id,
          level: 'info',
          service: 'sync-worker',
          requestId: run,
          message: `connector run=${run} completed written=118 deleted=342 errors=0`,
        },
      ],
    });
  }

  // 14. Renewal card keeps failing; invoice past due.
  {
    const a = acct('acct-1019');
    const inv = latestInvoice(a.id, (i) => i.status === 'past_due');
    specs.push({
      key: 'failed-card',
      demonstrates: `Failed card payments on past-due invoice ${inv.id}: billing flag, three declined attempts in the invoice record; routine once card is updated.`,
      accountId: a.id,
      role: 'finance',
      minutesAgo: 2580,
      source: 'zendesk',
      channel: 'web',
      priority: 'normal',
      product: 'billing',
      withOrganization: true,
      subject: `Card keeps getting declined - invoice ${inv.id} past due`,
      description: `Hi,\n\nI keep getting emails that my payment failed for ${inv.id}. My card works everywhere else. I tried updating it in the portal but it says "card_declined" again.\n\nPlease don't shut off our account, we have holiday orders going out this week!\n\nMaya\nPetrichor Candle Co.`,
      turns: [
        {
          role: 'agent',
          after: 70,
          public: true,
          body: `Hi Maya,\n\nThanks for reaching out - I'm looking into the payment attempts on ${inv.id} now. Your account stays active while we sort this out.\n\nBest,\n${AGENT.jonah}`,
        },
      ],
      tags: ['billing', 'card_declined', 'tier_standard'],
      fields: { account_id: a.id, invoice_number: inv.id },
      signals: inv.payments.map((p) => ({
        at: new Date(p.at),
        accountId: a.id,
        level: 'warn' as const,
        service: 'billing-charges',
        requestId: `req_${rng.hex(16)}`,
        message: `charge ${p.id} for ${inv.id} amount=${p.amount} ${inv.currency} status=${p.status} decline_code=${p.failureCode ?? 'none'}`,
      })),
    });
  }

  // 15. Spanish-language MFA lockout of the sole admin.
  {
    const a = acct('acct-1020');
    specs.push({
      key: 'spanish-mfa',
      demonstrates:
        'Spanish-language MFA lockout of the only admin: identity verification (customer authorization) before any reset; auth log shows TOTP drift.',
      accountId: a.id,
      role: 'finance',
      minutesAgo: 200,
      source: 'zendesk',
      channel: 'web',
      priority: 'normal',
      product: 'identity',
      withOrganization: true,
      subject: 'No puedo iniciar sesión - el código de verificación siempre es inválido',
      description:
        'Hola,\n\ndesde ayer no puedo entrar a Ferrowick. Pongo mi contraseña y después el código de 6 dígitos de la aplicación de autenticación, pero siempre dice "Código inválido". Ya revisé la hora del teléfono.\n\nSoy la única administradora de la cuenta, así que nadie más puede restablecerlo. ¿Me pueden ayudar?\n\nSaludos,\nLucía Fernández\nDirectora, Estudio Nube',
      turns: [],
      tags: ['mfa', 'login', 'lang_es', 'tier_standard'],
      fields: { account_id: a.id },
      signals: spread(now, 1500, 230, 5, () => ({
        accountId: a.id,
        level: 'warn',
        service: 'auth-service',
        requestId: `req_${rng.hex(16)}`,
        message: 'mfa verify failed user=ct-1020-1 method=totp reason=totp_invalid drift_steps=+9',
      })),
    });
  }

  // Number them in creation order, continuing the history's numbering.
  specs.sort((x, y) => y.minutesAgo - x.minutesAgo);
  let { nextZd, nextSup } = numbering;
  const cases: OpenCase[] = specs.map((s) => {
    const a = acct(s.accountId);
    const contact = contactFor(a, s.role);
    const created = ago(s.minutesAgo);
    const id = s.source === 'jira' ? `SUP-${nextSup++}` : `ZD-${nextZd++}`;
    const comments: CaseComment[] = s.turns.map((t) => ({
      author_role: t.role,
      public: t.public,
      created_at: iso(addMinutes(created, t.after)),
      author_id: t.role === 'customer' ? contact.id : agentId(agentFromBody(t.body)),
      body: t.body,
    }));
    const hasAgent = s.turns.some((t) => t.role === 'agent');
    const lastTurn = s.turns.reduce((m, t) => Math.max(m, t.after), 0);
    const record: CaseRecord = {
      id,
      source: s.source,
      created_at: iso(created),
      updated_at: iso(addMinutes(created, lastTurn)),
      subject: s.subject,
      description: s.description,
      comments,
      requester: { id: contact.id, email: contact.email, name: contact.name },
      ...(s.withOrganization ? { organization: { id: a.id, name: a.name } } : {}),
      channel: s.channel,
      priority: s.priority,
      status: hasAgent ? 'open' : 'new',
      tags: s.tags,
      ...(s.product ? { product: s.product } : {}),
      custom_fields: s.fields,
    };
    return { record, demonstrates: `${id}: ${s.demonstrates}` };
  });
  return { cases, signals: specs.flatMap((s) => s.signals) };
}

/** 15019.91 -> "15.019,91 €", as a German customer writes it. */
function euroDe(amount: number): string {
  const [int = '0', frac = '00'] = amount.toFixed(2).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${frac} €`;
}

function agentFromBody(body: string): string {
  const known = Object.values(AGENT).find((n) => body.includes(n));
  return known ?? firstName(AGENT.dana);
}
