import type { Account, Currency, Invoice, InvoiceLine, Order, PaymentAttempt } from './schema';
import { URLS } from './company';
import { addMinutes, childRng, DAY, daysBefore, iso, itemAt, minutesBefore, type Rng } from './prng';

/** What a billing case in the history (or an open demo case) is about. Internal: not part of the dataset. */
export type BillingEventKind =
  | 'double-charge'
  | 'failed-card'
  | 'dispute'
  | 'refund'
  | 'wrong-tax'
  | 'po-number'
  | 'open-double-charge'
  | 'open-failed-card';

export interface BillingEvent {
  kind: BillingEventKind;
  invoiceId: string;
  accountId: string;
  /** When the customer would notice and write in. */
  noticedAt: Date;
}

export interface BillingData {
  orders: Order[];
  invoices: Invoice[];
  events: BillingEvent[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function fmtDate(d: Date): string {
  return `${itemAt(MONTHS, d.getUTCMonth())} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function currencyFor(a: Account): Currency {
  if (a.region === 'EU') return 'EUR';
  if (a.region === 'UK') return 'GBP';
  return 'USD';
}

/** USD list price converted roughly into the invoice currency. */
function fx(usd: number, c: Currency): number {
  return round2(c === 'EUR' ? usd * 0.92 : c === 'GBP' ? usd * 0.79 : usd);
}

function taxRate(a: Account): { label: string; rate: number } | null {
  if (a.region === 'EU')
    return a.id === 'acct-1014'
      ? { label: 'VAT reverse charge (0%)', rate: 0 }
      : { label: 'VAT 19%', rate: 0.19 };
  if (a.region === 'UK') return { label: 'VAT 20%', rate: 0.2 };
  if (a.region === 'LATAM') return { label: 'IVA 16%', rate: 0.16 };
  if (a.region === 'APAC') return { label: 'GST 10%', rate: 0.1 };
  return a.tier === 'enterprise' ? null : { label: 'Sales tax 7.25%', rate: 0.0725 };
}

function planName(a: Account): string {
  return a.tier === 'enterprise' ? 'Enterprise' : a.tier === 'business' ? 'Business' : 'Starter';
}

function paymentMethod(rng: Rng, a: Account): string {
  if (a.tier === 'enterprise') return 'bank transfer';
  if (a.region === 'EU') return `SEPA direct debit •••• ${rng.int(1000, 9999)}`;
  return `${rng.pick(['Visa', 'Mastercard', 'Amex'])} •••• ${rng.int(1000, 9999)}`;
}

interface Draft {
  account: Account;
  order: Order;
  issuedAt: Date;
  lines: InvoiceLine[];
  status: Invoice['status'];
  dueDays: number;
  payments: (amount: number) => PaymentAttempt[];
  event?: { kind: BillingEventKind; noticedAfterMinutes: number };
}

function charge(
  rng: Rng,
  at: Date,
  amount: number,
  method: string,
  status: PaymentAttempt['status'],
  failureCode: string | null = null,
): PaymentAttempt {
  return {
    id: `${status === 'refunded' ? 're' : 'ch'}_${rng.hex(14)}`,
    at: iso(at),
    amount,
    status,
    method,
    failureCode,
  };
}

export function buildBilling(now: Date, accounts: readonly Account[]): BillingData {
  const rng = childRng(20260417, 'billing');
  const orders: Order[] = [];
  let orderNo = 5120;
  const orderFor = new Map<string, Order>();
  for (const a of accounts) {
    const annual = a.tier === 'enterprise';
    const order: Order = {
      id: `ORD-${orderNo}`,
      accountId: a.id,
      plan: `${planName(a)} (${annual ? 'annual' : 'monthly'})`,
      products: a.products,
      seats: a.seats,
      amount: fx(annual ? a.arr : round2(a.arr / 12), currencyFor(a)),
      currency: currencyFor(a),
      billingPeriod: annual ? 'annual' : 'monthly',
      status: 'active',
      createdAt: iso(daysBefore(now, 380 + rng.int(0, 900))),
    };
    orderNo += rng.int(3, 17);
    orders.push(order);
    orderFor.set(a.id, order);
  }
  // A few add-on and historical orders, the way a real CRM accumulates them.
  const addOns: [string, string, number, Order['status']][] = [
    ['acct-1003', 'Identity add-on: SSO enforcement (annual)', 42_000, 'active'],
    ['acct-1004', 'Webhook throughput tier 2 (annual)', 18_000, 'pending'],
    ['acct-1015', 'Additional clinics: 12 locations (monthly)', 1_450, 'active'],
    ['acct-1022', 'Business plan upgrade (monthly)', 620, 'cancelled'],
  ];
  for (const [accountId, plan, usd, status] of addOns) {
    const a = accounts.find((x) => x.id === accountId);
    if (!a) continue;
    orders.push({
      id: `ORD-${orderNo}`,
      accountId,
      plan,
      products: [a.products[0] ?? 'billing'],
      seats: Math.max(1, Math.round(a.seats / 4)),
      amount: fx(usd, currencyFor(a)),
      currency: currencyFor(a),
      billingPeriod: plan.includes('annual') ? 'annual' : 'monthly',
      status,
      createdAt: iso(daysBefore(now, rng.int(20, 200))),
    });
    orderNo += rng.int(3, 17);
  }

  const withTax = (a: Account, lines: InvoiceLine[]): InvoiceLine[] => {
    const tax = taxRate(a);
    if (!tax) return lines;
    const net = lines.reduce((s, l) => s + l.amount, 0);
    return [
      ...lines,
      {
        description: tax.label,
        quantity: 1,
        unitAmount: round2(net * tax.rate),
        amount: round2(net * tax.rate),
      },
    ];
  };

  const subscriptionLines = (a: Account, order: Order, issued: Date): InvoiceLine[] => {
    const periodEnd = new Date(issued.getTime() + (order.billingPeriod === 'annual' ? 365 : 30) * DAY);
    const perSeat = round2(order.amount / a.seats);
    return withTax(a, [
      {
        description: `Ferrowick ${planName(a)} plan — ${a.seats} seats (${fmtDate(issued)} – ${fmtDate(periodEnd)})`,
        quantity: a.seats,
        unitAmount: perSeat,
        amount: round2(perSeat * a.seats),
      },
    ]);
  };

  const usageLines = (a: Account, count: number): InvoiceLine[] => {
    const cur = currencyFor(a);
    const lines: InvoiceLine[] = [];
    const kinds = [
      'Checkout transactions',
      'Webhook events over quota',
      'Connector runs',
      'SMS verification codes',
    ];
    for (let i = 0; i < count; i++) {
      const qty = rng.int(200, 9000);
      const unit = fx(rng.pick([0.02, 0.05, 0.08, 0.12]), cur);
      const what = itemAt(kinds, i % kinds.length);
      const label = count > 8 ? `${what} — cost center ${String(4100 + i)} (Werk ${1 + (i % 6)})` : what;
      lines.push({ description: label, quantity: qty, unitAmount: unit, amount: round2(qty * unit) });
    }
    return withTax(a, lines);
  };

  const paidNormally =
    (a: Account, issued: Date) =>
    (amount: number): PaymentAttempt[] => {
      const method = paymentMethod(rng, a);
      const at =
        a.tier === 'enterprise'
          ? addMinutes(issued, rng.int(8, 25) * 24 * 60)
          : addMinutes(issued, rng.int(5, 90));
      return [charge(rng, at, amount, method, 'succeeded')];
    };

  const drafts: Draft[] = [];
  const acct = (id: string): Account => {
    const a = accounts.find((x) => x.id === id);
    if (!a) throw new Error(`billing: unknown account ${id}`);
    return a;
  };
  const ord = (a: Account): Order => {
    const o = orderFor.get(a.id);
    if (!o) throw new Error(`billing: no order for ${a.id}`);
    return o;
  };

  // Regular invoices: enterprise annual + one usage invoice; business and standard the last two months.
  for (const a of accounts) {
    const order = ord(a);
    if (a.tier === 'enterprise') {
      const renewalIn = (new Date(`${a.renewalDate}T00:00:00Z`).getTime() - now.getTime()) / DAY;
      const issued = daysBefore(now, Math.max(3, 365 - renewalIn) + 0.3);
      drafts.push({
        account: a,
        order,
        issuedAt: issued,
        lines: subscriptionLines(a, order, issued),
        status: 'paid',
        dueDays: 30,
        payments: paidNormally(a, issued),
      });
      const usageIssued = daysBefore(now, rng.int(28, 34) + 0.4);
      const brenner = a.id === 'acct-1002';
      // Brenner's usage invoice has one line per cost center (46 lines): the one KI-23 truncates.
      drafts.push({
        account: a,
        order,
        issuedAt: usageIssued,
        lines: usageLines(a, brenner ? 46 : rng.int(2, 4)),
        status: brenner ? 'open' : 'paid',
        dueDays: brenner ? 45 : 30,
        payments: brenner ? () => [] : paidNormally(a, usageIssued),
      });
    } else {
      for (const ago of [rng.int(31, 34), rng.int(1, 5)]) {
        const issued = daysBefore(now, ago + 0.35);
        drafts.push({
          account: a,
          order,
          issuedAt: issued,
          lines: subscriptionLines(a, order, issued),
          status: 'paid',
          dueDays: 7,
          payments: paidNormally(a, issued),
        });
      }
    }
  }

  // Invoices that billing cases in the history are about.
  const special = (
    id: string,
    daysAgo: number,
    kind: BillingEventKind,
    status: Invoice['status'],
    pay: (a: Account, issued: Date) => (amount: number) => PaymentAttempt[],
    noticedAfterMinutes: number,
    lines?: (a: Account, o: Order, issued: Date) => InvoiceLine[],
  ): void => {
    const a = acct(id);
    const order = ord(a);
    const issued = daysBefore(now, daysAgo);
    drafts.push({
      account: a,
      order,
      issuedAt: issued,
      lines: (lines ?? subscriptionLines)(a, order, issued),
      status,
      dueDays: a.tier === 'enterprise' ? 30 : 7,
      payments: pay(a, issued),
      event: { kind, noticedAfterMinutes },
    });
  };
  const doubleCharged =
    (refunded: boolean) =>
    (a: Account, issued: Date) =>
    (amount: number): PaymentAttempt[] => {
      const method = paymentMethod(rng, a);
      const first = addMinutes(issued, rng.int(5, 60));
      const out = [
        charge(rng, first, amount, method, 'succeeded'),
        charge(rng, addMinutes(first, rng.int(1, 3)), amount, method, 'succeeded'),
      ];
      if (refunded)
        out.push(charge(rng, addMinutes(first, rng.int(2, 4) * 24 * 60), -amount, method, 'refunded'));
      return out;
    };
  const failedThenPaid =
    (code: string) =>
    (a: Account, issued: Date) =>
    (amount: number): PaymentAttempt[] => {
      const method = paymentMethod(rng, a);
      const first = addMinutes(issued, rng.int(5, 60));
      return [
        charge(rng, first, amount, method, 'failed', code),
        charge(rng, addMinutes(first, 3 * 24 * 60), amount, method, 'failed', code),
        charge(
          rng,
          addMinutes(first, 5 * 24 * 60 + rng.int(60, 600)),
          amount,
          `Visa •••• ${rng.int(1000, 9999)}`,
          'succeeded',
        ),
      ];
    };
  const refundedFully =
    (a: Account, issued: Date) =>
    (amount: number): PaymentAttempt[] => {
      const method = paymentMethod(rng, a);
      const paid = addMinutes(issued, rng.int(5, 60));
      return [
        charge(rng, paid, amount, method, 'succeeded'),
        charge(rng, addMinutes(paid, rng.int(3, 6) * 24 * 60), -amount, method, 'refunded'),
      ];
    };
  const paid = (a: Account, issued: Date) => paidNormally(a, issued);
  const disputed =
    (a: Account, issued: Date) =>
    (amount: number): PaymentAttempt[] => [
      charge(rng, addMinutes(issued, rng.int(5, 60)), amount, paymentMethod(rng, a), 'succeeded'),
    ];

  special('acct-1012', 190.4, 'double-charge', 'paid', doubleCharged(true), 26 * 60);
  special('acct-1022', 176.2, 'double-charge', 'paid', doubleCharged(true), 9 * 60);
  special('acct-1015', 150.6, 'double-charge', 'paid', doubleCharged(true), 30 * 60);
  special('acct-1016', 200.3, 'failed-card', 'paid', failedThenPaid('expired_card'), 4 * 24 * 60);
  special('acct-1021', 130.5, 'failed-card', 'paid', failedThenPaid('insufficient_funds'), 3 * 24 * 60 + 200);
  special('acct-1025', 70.2, 'failed-card', 'paid', failedThenPaid('do_not_honor'), 3 * 24 * 60 + 90);
  special('acct-1023', 95.3, 'dispute', 'refunded', refundedFully, 12 * 24 * 60);
  special('acct-1017', 22.4, 'dispute', 'disputed', disputed, 9 * 24 * 60);
  special('acct-1018', 160.5, 'refund', 'refunded', refundedFully, 2 * 24 * 60);
  special('acct-1020', 55.3, 'refund', 'refunded', refundedFully, 26 * 60);
  special('acct-1010', 115.4, 'refund', 'refunded', refundedFully, 3 * 24 * 60);
  special('acct-1011', 245.3, 'wrong-tax', 'paid', paid, 2 * 24 * 60);
  special('acct-1014', 180.6, 'wrong-tax', 'paid', paid, 5 * 24 * 60);
  special('acct-1007', 85.2, 'wrong-tax', 'paid', paid, 3 * 24 * 60);
  special('acct-1005', 140.3, 'po-number', 'paid', paid, 2 * 24 * 60, (a) => usageLines(a, 3));
  special('acct-1003', 60.4, 'po-number', 'paid', paid, 3 * 24 * 60, (a) => usageLines(a, 2));

  // The open demo cases: a double charge on yesterday's invoice, and a renewal whose card keeps failing.
  {
    const a = acct('acct-1009');
    const issued = minutesBefore(now, 22 * 60 + 40);
    drafts.push({
      account: a,
      order: ord(a),
      issuedAt: issued,
      lines: subscriptionLines(a, ord(a), issued),
      status: 'paid',
      dueDays: 7,
      payments: (amount) => {
        const method = 'Visa •••• 4417';
        const first = addMinutes(issued, 6);
        return [
          charge(rng, first, amount, method, 'succeeded'),
          charge(rng, addMinutes(first, 1), amount, method, 'succeeded'),
        ];
      },
      event: { kind: 'open-double-charge', noticedAfterMinutes: 20 * 60 },
    });
  }
  {
    const a = acct('acct-1019');
    const issued = daysBefore(now, 9.2);
    drafts.push({
      account: a,
      order: ord(a),
      issuedAt: issued,
      lines: subscriptionLines(a, ord(a), issued),
      status: 'past_due',
      dueDays: 7,
      payments: (amount) => {
        const method = 'Mastercard •••• 0932';
        const first = addMinutes(issued, 7);
        return [
          charge(rng, first, amount, method, 'failed', 'card_declined'),
          charge(rng, addMinutes(first, 3 * 24 * 60), amount, method, 'failed', 'card_declined'),
          charge(rng, addMinutes(first, 6 * 24 * 60), amount, method, 'failed', 'insufficient_funds'),
        ];
      },
      event: { kind: 'open-failed-card', noticedAfterMinutes: 7 * 24 * 60 },
    });
  }

  drafts.sort((x, y) => x.issuedAt.getTime() - y.issuedAt.getTime());
  const used = new Set<string>();
  const invoices: Invoice[] = [];
  const events: BillingEvent[] = [];
  for (const d of drafts) {
    const year = d.issuedAt.getUTCFullYear();
    const dayOfYear = Math.floor((d.issuedAt.getTime() - Date.UTC(year, 0, 1)) / DAY);
    let n = 1 + dayOfYear * 6;
    while (used.has(`${year}-${n}`)) n++;
    used.add(`${year}-${n}`);
    const id = `INV-${year}-${String(n).padStart(4, '0')}`;
    const amount = round2(d.lines.reduce((s, l) => s + l.amount, 0));
    const payments = d.payments(amount);
    const lastSuccess = payments.filter((p) => p.status === 'succeeded').at(-1);
    invoices.push({
      id,
      accountId: d.account.id,
      orderId: d.order.id,
      amount,
      currency: d.order.currency,
      status: d.status,
      issuedAt: iso(d.issuedAt),
      dueAt: iso(addMinutes(d.issuedAt, d.dueDays * 24 * 60)),
      paidAt: lastSuccess && d.status !== 'past_due' && d.status !== 'open' ? lastSuccess.at : null,
      lines: d.lines,
      payments,
      url: URLS.invoice(id),
    });
    if (d.event)
      events.push({
        kind: d.event.kind,
        invoiceId: id,
        accountId: d.account.id,
        noticedAt: addMinutes(d.issuedAt, d.event.noticedAfterMinutes),
      });
  }
  return { orders, invoices, events };
}
