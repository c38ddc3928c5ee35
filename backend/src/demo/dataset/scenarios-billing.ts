import type { Ctx, Scenario } from './scenario-types';
import { tiered } from './scenario-types';

function inv(c: Ctx): string {
  return c.invoice?.id ?? 'our latest invoice';
}

function amount(c: Ctx): string {
  return c.invoice ? c.money(c.invoice.amount, c.invoice.currency) : 'the full amount';
}

function card(c: Ctx): string {
  const m = c.invoice?.payments[0]?.method ?? 'card';
  return m;
}

export const BILLING_SCENARIOS: Scenario[] = [
  {
    key: 'billing-double-charge',
    product: 'billing',
    component: 'invoicing',
    queue: 'billing-ops',
    category: 'billing',
    severity: 'sev3',
    tags: ['billing', 'double_charge', 'refund'],
    role: 'finance',
    channels: ['email', 'web', 'chat'],
    weight: 0,
    billingEvent: 'double-charge',
    texts: [
      (c) => ({
        subject: `Charged twice for ${inv(c)}`,
        description: `Our ${card(c)} was charged twice for invoice ${inv(c)} (${amount(c)} each), a couple of minutes apart. We only have one subscription. Please refund the duplicate.`,
      }),
      (c) => ({
        subject: 'Duplicate payment on our card',
        description: `Our bank statement shows two identical payments of ${amount(c)} to Ferrowick on the same day. The invoice in the portal is ${inv(c)} and shows as paid once. Can you check and reverse the second one?`,
      }),
      (c) => ({
        subject: `Double charge - ${c.account.name}`,
        description: `We were billed twice this month. Invoice ${inv(c)}. I've attached the card statement. Our accountant needs this corrected before month-end close.`,
      }),
    ],
    localized: {
      de: [
        (c) => ({
          subject: `Rechnung ${inv(c)} doppelt abgebucht`,
          description: `Der Betrag von ${amount(c)} für die Rechnung ${inv(c)} wurde zweimal von unserem Konto abgebucht. Bitte erstatten Sie die doppelte Abbuchung und bestätigen Sie uns das kurz schriftlich.`,
        }),
      ],
      es: [
        (c) => ({
          subject: `Cobro duplicado factura ${inv(c)}`,
          description: `Nos cobraron dos veces la factura ${inv(c)} (${amount(c)}). Solo tenemos una suscripción. ¿Pueden reembolsar el cobro duplicado?`,
        }),
      ],
    },
    internalNote: [
      (c) =>
        `Billing admin: ${inv(c)} has two succeeded charges ~1 min apart, same card. Gateway log shows retry after timeout (E_IDEMPOTENCY_CONFLICT suppressed). Refund of the later charge requested, approved by team lead.`,
    ],
    localizedOutcomes: {
      de: [
        (c) => ({
          note: `Duplicate capture on ${inv(c)} confirmed; later charge refunded (KI-14).`,
          reply: `Sie haben recht: ${inv(c)} wurde zweimal belastet. Die zweite Abbuchung über ${amount(c)} habe ich erstattet; je nach Bank dauert die Gutschrift 5–10 Bankarbeitstage.`,
        }),
      ],
      es: [
        (c) => ({
          note: `Duplicate capture on ${inv(c)} confirmed; later charge refunded (KI-14).`,
          reply: `Tiene razón: la factura ${inv(c)} se cobró dos veces. Ya reembolsamos el segundo cobro de ${amount(c)}; según su banco, puede tardar de 5 a 10 días hábiles en verse reflejado.`,
        }),
      ],
    },
    outcomes: [
      (c) => ({
        note: `Duplicate capture on ${inv(c)} confirmed (two succeeded charges). Later charge refunded; linked to KI-14.`,
        reply: `You were right: ${inv(c)} was charged twice. I've refunded the second charge of ${amount(c)}. Depending on your bank it can take 5–10 business days to show on your statement.`,
      }),
      (c) => ({
        note: `Refunded duplicate charge for ${inv(c)}. Customer confirmed receipt.`,
        reply: `The duplicate payment for ${inv(c)} has been refunded to the original card. You'll also see a refund receipt in Billing → Payments.`,
      }),
    ],
    resolveHours: [6, 72],
    fields: (c) => ({ invoice_number: inv(c) }),
  },
  {
    key: 'billing-failed-card',
    product: 'billing',
    component: 'invoicing',
    queue: 'billing-ops',
    category: 'billing',
    severity: 'sev3',
    tags: ['billing', 'card_declined', 'dunning'],
    role: 'finance',
    channels: ['email', 'web', 'chat'],
    weight: 0,
    billingEvent: 'failed-card',
    texts: [
      (c) => ({
        subject: 'Payment failed - will our account be suspended?',
        description: `We got an email that the payment for ${inv(c)} failed. The card was replaced last month. How do I update the card and will the service be interrupted?`,
      }),
      (c) => ({
        subject: `Card declined on invoice ${inv(c)}`,
        description: `Your system says our card was declined for ${amount(c)}. Our bank says they see no attempt. Can you retry the charge or tell us what the decline reason was?`,
      }),
      (c) => ({
        subject: 'Renewal payment not going through',
        description: `I keep getting "payment failed" reminders for ${inv(c)}. I updated the card in the portal yesterday but it still shows past due.`,
      }),
    ],
    outcomes: [
      (c) => ({
        note: `Decline code on ${inv(c)}: ${c.invoice?.payments[0]?.failureCode ?? 'card_declined'}. Customer updated card; retried successfully.`,
        reply: `The decline came from your card issuer (reason: ${c.invoice?.payments[0]?.failureCode ?? 'card_declined'}). After you updated the card, I retried the charge and ${inv(c)} is now paid. There was no interruption to your service.`,
      }),
      (c) => ({
        note: `Card updated via portal, manual retry of ${inv(c)} succeeded. Dunning stopped.`,
        reply: `Thanks for updating the card. I've retried the payment and it went through, so ${inv(c)} is settled and the reminders will stop.`,
      }),
    ],
    resolveHours: [2, 96],
    fields: (c) => ({ invoice_number: inv(c) }),
  },
  {
    key: 'billing-dispute',
    product: 'billing',
    component: 'invoicing',
    queue: 'billing-ops',
    category: 'billing',
    severity: 'sev3',
    tags: ['billing', 'dispute', 'chargeback'],
    role: 'finance',
    channels: ['email'],
    weight: 0,
    billingEvent: 'dispute',
    texts: [
      (c) => ({
        subject: `Disputing ${inv(c)}`,
        description: `We cancelled the extra seats before this billing period but were still invoiced ${amount(c)} on ${inv(c)}. After two emails without an answer we have opened a dispute with our bank. Please look into it.`,
      }),
      (c) => ({
        subject: 'Chargeback notice - why?',
        description: `We got a notice about a chargeback on ${inv(c)}. Someone on our team disputed it with the card company because they didn't recognise "FERROWICK*SUBSCR" on the statement. What do we need to do now?`,
      }),
    ],
    outcomeFor: [0, 1],
    outcomes: [
      (c) => ({
        note: `Dispute on ${inv(c)} reviewed with finance; seats were removed before renewal. Refund issued and dispute withdrawn by customer.`,
        reply: `I checked the seat history: the seats were removed before the period started, so ${inv(c)} should not have included them. We've refunded it in full. Could you ask your bank to withdraw the dispute so it doesn't stay open on both sides?`,
      }),
      (c) => ({
        note: `Customer-initiated chargeback on ${inv(c)} (statement descriptor not recognised). Provided evidence; customer withdrew dispute.`,
        reply: `The charge on ${inv(c)} is your regular subscription; the statement shows it as FERROWICK*SUBSCR. If you tell your card company the charge is recognised, the dispute will be closed and nothing else is needed.`,
      }),
    ],
    resolveHours: [24, 240],
    fields: (c) => ({ invoice_number: inv(c) }),
  },
  {
    key: 'billing-refund-request',
    product: 'billing',
    component: 'subscriptions',
    queue: 'billing-ops',
    category: 'billing',
    severity: 'sev4',
    tags: ['billing', 'refund'],
    role: 'finance',
    channels: ['email', 'web', 'chat'],
    weight: 0,
    billingEvent: 'refund',
    texts: [
      (c) => ({
        subject: 'Refund request after downgrade',
        description: `We downgraded our plan on the 2nd but invoice ${inv(c)} still charged the old plan (${amount(c)}). Could you refund it and reissue at the new price?`,
      }),
      (c) => ({
        subject: `Please refund ${inv(c)}`,
        description: `We were charged ${amount(c)} after we had asked to cancel the additional seats. Invoice ${inv(c)}. Please refund.`,
      }),
    ],
    localized: {
      es: [
        (c) => ({
          subject: `Solicitud de reembolso ${inv(c)}`,
          description: `Cancelamos los puestos adicionales antes de la renovación, pero la factura ${inv(c)} nos cobró ${amount(c)}. ¿Pueden hacer el reembolso y emitir una nueva factura?`,
        }),
      ],
    },
    localizedOutcomes: {
      es: [
        (c) => ({
          note: `Plan change predates ${inv(c)}; full refund issued.`,
          reply: `El cambio de plan se hizo antes de emitir ${inv(c)}, así que reembolsamos ${amount(c)} completo. El importe correcto aparecerá en su próxima factura.`,
        }),
      ],
    },
    outcomes: [
      (c) => ({
        note: `Plan change predates ${inv(c)}; full refund issued, corrected invoice to follow at next cycle.`,
        reply: `You're right, the plan change was made before ${inv(c)} was issued. I've refunded ${amount(c)} in full; the correct amount will be on your next invoice.`,
      }),
    ],
    resolveHours: [4, 72],
    fields: (c) => ({ invoice_number: inv(c) }),
  },
  {
    key: 'billing-wrong-tax',
    product: 'billing',
    component: 'tax',
    queue: 'billing-ops',
    category: 'billing',
    severity: 'sev3',
    tags: ['billing', 'tax', 'vat'],
    role: 'finance',
    channels: ['email', 'web'],
    weight: 0,
    billingEvent: 'wrong-tax',
    texts: [
      (c) => ({
        subject: `Wrong VAT on invoice ${inv(c)}`,
        description: `Invoice ${inv(c)} charges VAT although our VAT ID is registered in the portal. As an EU business we should get reverse charge. Please issue a corrected invoice - our auditors will not accept this one.`,
      }),
      (c) => ({
        subject: 'Tax amount looks wrong',
        description: `The tax line on ${inv(c)} doesn't match the rate we expect for our country. Can you explain how it was calculated?`,
      }),
    ],
    localized: {
      es: [
        (c) => ({
          subject: `IVA incorrecto en la factura ${inv(c)}`,
          description: `La factura ${inv(c)} tiene un IVA que no corresponde. Nuestro RFC está registrado en el portal. ¿Pueden emitir una factura corregida?`,
        }),
      ],
    },
    localizedOutcomes: {
      es: [
        (c) => ({
          note: `Tax on ${inv(c)} wrong (tax ID not validated at issue time). Credit note + reissued invoice.`,
          reply: `Emitimos una nota de crédito para ${inv(c)} y una nueva factura con el impuesto correcto. Ambas están en Facturación → Facturas.`,
        }),
      ],
    },
    outcomeFor: [0, 1],
    outcomes: [
      (c) => ({
        note: `Tax ID was stored but not validated at issue time of ${inv(c)}. Credit note + reissued invoice sent.`,
        reply: `I've issued a credit note for ${inv(c)} and a corrected invoice with the right tax treatment. Both are in Billing → Invoices; future invoices will use your validated tax ID.`,
      }),
      (c) => ({
        note: `Explained tax calculation on ${inv(c)}; billing address country was wrong. Customer updated address, reissued.`,
        reply: `The tax on ${inv(c)} was based on the billing address country, which was set incorrectly. After your update I reissued the invoice with the correct rate.`,
      }),
    ],
    resolveHours: [8, 120],
    fields: (c) => ({ invoice_number: inv(c) }),
  },
  {
    key: 'billing-po-number',
    product: 'billing',
    component: 'invoicing',
    queue: 'billing-ops',
    category: 'how-to',
    severity: 'sev4',
    tags: ['billing', 'po_number', 'how_to'],
    role: 'finance',
    channels: ['email'],
    weight: 0,
    billingEvent: 'po-number',
    texts: [
      (c) => ({
        subject: `PO number missing on ${inv(c)}`,
        description: `Our AP system rejected ${inv(c)} because it has no purchase order number. Our PO is 4500${c.rng.int(100000, 999999)}. How do I add it so future invoices include it, and can you reissue this one?`,
      }),
      (c) => ({
        subject: 'How to add a PO number to invoices?',
        description: `Procurement requires a PO number on every supplier invoice. ${inv(c)} went back to us unpaid because of that. Where can I set it?`,
      }),
    ],
    outcomes: [
      (c) => ({
        note: `Added PO to billing profile, reissued ${inv(c)}. Pointed to Billing → Settings → Purchase order.`,
        reply: `You can set a PO number in Billing → Settings → Purchase order; it is printed on every invoice from then on. I've added it for you and reissued ${inv(c)} with the PO on it.`,
      }),
    ],
    resolveHours: [2, 48],
    fields: (c) => ({ invoice_number: inv(c) }),
  },
  {
    key: 'billing-tax-proration',
    product: 'billing',
    component: 'tax',
    queue: 'billing-ops',
    category: 'defect',
    severity: 'sev3',
    tags: ['billing', 'tax', 'proration', 'ki-11'],
    role: 'finance',
    channels: ['email', 'web'],
    weight: 1.5,
    knownIssue: 'KI-11',
    texts: [
      () => ({
        subject: 'Tax missing after plan upgrade',
        description:
          'We upgraded mid-month and the combined invoice shows tax only on the old plan part, not the upgrade. The total is too low and our accountant flagged it. The invoice page shows a small warning "TAX_PRORATION_MISMATCH".',
      }),
      () => ({
        subject: 'Prorated invoice - tax calculated wrong',
        description:
          'After upgrading from Starter to Business the prorated invoice has a tax amount that does not match the net amount. Sales tax should be on the whole thing.',
      }),
      () => ({
        subject: 'Upgrade invoice has incorrect tax',
        description:
          'Our upgrade invoice is wrong. Net amount includes the upgrade, but tax is computed only on the base subscription. Can you fix and resend?',
      }),
    ],
    outcomes: [
      () => ({
        note: 'Matches KI-11 (TAX_PRORATION_MISMATCH). Credit note issued for the difference; fix shipped in Billing 8.2.2.',
        reply:
          'This was a bug in how tax was calculated on prorated upgrades; it is fixed now. I have issued a corrected invoice with the right tax and a credit note for the original.',
      }),
      () => ({
        note: 'KI-11. Reissued invoice after 8.2.2 deployment.',
        reply:
          'A fix for prorated upgrade invoices has been deployed. I reissued your invoice and the tax is now calculated on the full amount.',
      }),
    ],
    resolveHours: [12, 200],
  },
  {
    key: 'billing-dunning-paid',
    product: 'billing',
    component: 'dunning',
    queue: 'billing-ops',
    category: 'defect',
    severity: 'sev3',
    tags: ['billing', 'dunning', 'bank_transfer', 'ki-15'],
    role: 'finance',
    channels: ['email', 'web'],
    weight: 1.5,
    knownIssue: 'KI-15',
    texts: [
      () => ({
        subject: 'Payment reminder for an invoice we already paid',
        description:
          'We paid by bank transfer last week (reference on the invoice), but today we got a "your invoice is overdue" reminder. Please stop sending these to our CFO.',
      }),
      () => ({
        subject: 'Overdue notice in error',
        description:
          'Got a second overdue reminder although the wire went out on the due date. Our bank confirms it was received. Can you check your reconciliation?',
      }),
      () => ({
        subject: 'Dunning emails - already paid!!',
        description:
          'Why do we keep receiving dunning emails? The invoice was paid by transfer. This is embarrassing, our finance director is asking whether we are behind on payments.',
      }),
    ],
    localized: {
      de: [
        () => ({
          subject: 'Zahlungserinnerung trotz Überweisung',
          description:
            'Wir haben die Rechnung letzte Woche per Überweisung bezahlt, heute kam trotzdem eine Mahnung. Bitte prüfen Sie den Zahlungseingang und stoppen Sie die Mahnungen.',
        }),
      ],
    },
    localizedOutcomes: {
      de: [
        () => ({
          note: 'KI-15 (DUNNING_RECON_LAG): transfer received before reconciliation ran. Marked paid manually.',
          reply:
            'Ihre Überweisung ist bei uns eingegangen; die Mahnung wurde verschickt, bevor unser Zahlungsabgleich gelaufen war. Ich habe die Rechnung als bezahlt markiert, es folgen keine weiteren Mahnungen. Den Fehler im Ablauf haben wir inzwischen behoben.',
        }),
      ],
    },
    outcomes: [
      () => ({
        note: 'KI-15 (DUNNING_RECON_LAG): transfer received, reconciliation batch had not run. Marked paid manually; fix in 8.4.1.',
        reply:
          'Your transfer was received; the reminder went out before our reconciliation had processed it. I have marked the invoice as paid and no further reminders will be sent. We have also fixed the timing issue that caused this.',
      }),
    ],
    resolveHours: [3, 48],
  },
  {
    key: 'billing-pdf-truncated',
    product: 'billing',
    component: 'pdf-rendering',
    queue: 'billing-ops',
    category: 'defect',
    severity: 'sev3',
    tags: ['billing', 'invoice_pdf', 'ki-23'],
    role: 'finance',
    channels: ['email', 'web'],
    weight: 1.5,
    knownIssue: 'KI-23',
    texts: [
      () => ({
        subject: 'Invoice PDF is missing lines',
        description:
          'The PDF of our usage invoice only shows the first page of line items; the total at the bottom includes everything though. We have about 60 cost centers. The web view shows all lines.',
      }),
      () => ({
        subject: 'PDF invoice cut off after page 1',
        description:
          'Since the new invoice layout our PDFs stop after the first page of items. The sum is correct, the detail is not there. Our auditors need the full breakdown.',
      }),
      () => ({
        subject: 'Line items missing from PDF (PDF_RENDER_TRUNCATED?)',
        description:
          'Downloading the PDF from the invoice page gives a file where lines 41+ are missing. The browser console shows a warning with PDF_RENDER_TRUNCATED.',
      }),
    ],
    localized: {
      de: [
        () => ({
          subject: 'Rechnungs-PDF unvollständig',
          description:
            'Im PDF unserer Nutzungsrechnung fehlen alle Positionen ab Seite 2. Die Gesamtsumme stimmt, aber unsere Buchhaltung braucht die Aufschlüsselung nach Kostenstellen.',
        }),
      ],
    },
    localizedOutcomes: {
      de: [
        () => ({
          note: 'KI-23 (PDF_RENDER_TRUNCATED). Enabled legacy PDF layout, sent CSV export. Linked to ENG-489.',
          reply:
            'Das ist ein bekanntes Problem des neuen PDF-Layouts bei Rechnungen mit vielen Positionen. Ich habe für Ihr Konto das bisherige PDF-Layout aktiviert, damit neu heruntergeladene PDFs alle Positionen enthalten, und Ihnen die vollständige Positionsliste als CSV angehängt.',
        }),
      ],
    },
    outcomes: [
      () => ({
        note: 'KI-23 (PDF_RENDER_TRUNCATED). Sent CSV export of lines and enabled legacy PDF layout for the account. Linked to ENG-489.',
        reply:
          'This is a known issue with the new PDF layout for invoices with many lines; our engineers are working on it. In the meantime I switched your account to the legacy PDF layout, so newly downloaded PDFs include all lines, and I attached the full line export as CSV.',
      }),
    ],
    resolveHours: [4, 60],
  },
  {
    key: 'billing-pdf-delay-incident',
    product: 'billing',
    component: 'pdf-rendering',
    queue: 'billing-ops',
    category: 'incident',
    severity: 'sev3',
    tags: ['billing', 'invoice_pdf', 'incident'],
    role: 'finance',
    channels: ['email', 'chat'],
    weight: 0,
    texts: [
      () => ({
        subject: 'Invoice emails sent without PDF',
        description:
          'Our customers are receiving invoice emails from us but the PDF attachment is missing. Started maybe an hour ago. Is something wrong on your side?',
      }),
      () => ({
        subject: 'PDFs not generating',
        description:
          'Clicking "Download PDF" on any invoice just spins. Invoices created today have no PDF yet.',
      }),
      () => ({
        subject: 'Invoice PDF generation slow?',
        description:
          'Our month-end batch of invoices went out but about half of them have no PDF. Please advise.',
      }),
    ],
    outcomes: [
      (c) => ({
        note: `Caused by ${c.incident?.id ?? 'incident'}; PDFs generated once backlog cleared. Duplicate reports merged.`,
        reply:
          'This was caused by a delay in our PDF rendering that has now been resolved. All the delayed PDFs have been generated and attached to their invoices; no action is needed on your side.',
      }),
    ],
    resolveHours: [3, 8],
  },
  {
    key: 'billing-howto-profile',
    product: 'billing',
    component: 'invoicing',
    queue: 'billing-ops',
    category: 'how-to',
    severity: 'sev4',
    tags: ['billing', 'how_to'],
    role: 'finance',
    channels: ['email', 'chat', 'web'],
    weight: 3,
    texts: [
      () => ({
        subject: 'Change billing address on invoices',
        description:
          'We moved offices. How do I change the address printed on our invoices? Does it update past invoices too?',
      }),
      () => ({
        subject: 'Add VAT ID to invoices',
        description: 'How can I add our VAT number so it shows on the invoices we receive from you?',
      }),
      () => ({
        subject: 'Send invoices to accounts payable mailbox',
        description:
          'Is it possible to send invoices to ap@ our domain instead of to me personally? I am going on leave next month.',
      }),
      () => ({
        subject: 'Company name changed',
        description:
          'We rebranded and our legal entity name changed. How do we get the new name on invoices?',
      }),
    ],
    localized: {
      de: [
        () => ({
          subject: 'Rechnungsadresse ändern',
          description:
            'Wie kann ich die Rechnungsadresse ändern? Wir sind umgezogen und die neue Adresse soll ab der nächsten Rechnung erscheinen.',
        }),
      ],
      es: [
        () => ({
          subject: 'Cambiar datos de facturación',
          description: '¿Cómo puedo cambiar la razón social y la dirección que aparecen en las facturas?',
        }),
      ],
    },
    localizedOutcomes: {
      de: [
        () => ({
          note: 'How-to: Billing → Settings → Billing profile.',
          reply:
            'Sie können das unter Abrechnung → Einstellungen → Rechnungsprofil ändern. Die Änderung gilt für alle künftigen Rechnungen; bereits ausgestellte Rechnungen bleiben unverändert, wir können aber eine bestimmte Rechnung neu ausstellen.',
        }),
      ],
      es: [
        () => ({
          note: 'How-to: Billing → Settings → Billing profile.',
          reply:
            'Puede cambiarlo en Facturación → Configuración → Perfil de facturación. Los cambios se aplican a las facturas nuevas; si necesita una factura anterior corregida, podemos volver a emitirla.',
        }),
      ],
    },
    outcomeFor: [0, 0, 1, 0],
    outcomes: [
      () => ({
        note: 'How-to: pointed to Billing → Settings → Billing profile. Past invoices unchanged by design.',
        reply:
          'You can change this in Billing → Settings → Billing profile. Changes apply to all invoices issued from then on; invoices already issued stay as they are, but we can reissue a specific one if your accountant needs it.',
      }),
      () => ({
        note: 'Answered; added billing contact for AP mailbox.',
        reply:
          'Under Billing → Settings → Invoice recipients you can add any address, including a shared mailbox. I have added it for you; let me know if you want to remove yourself.',
      }),
    ],
    resolveHours: [1, 30],
  },
  {
    key: 'billing-howto-download',
    product: 'billing',
    component: 'invoicing',
    queue: 'billing-ops',
    category: 'how-to',
    severity: 'sev4',
    tags: ['billing', 'how_to', 'export'],
    role: 'finance',
    channels: ['email', 'chat'],
    weight: 2,
    texts: [
      () => ({
        subject: 'Download all invoices for audit',
        description:
          'Our auditors need every invoice from the last fiscal year. Is there a way to download them all at once instead of one by one?',
      }),
      () => ({
        subject: 'Accountant access to invoices',
        description:
          'Can our external accountant get access to invoices only, without seeing anything else in the account?',
      }),
      () => ({
        subject: 'Where can I find receipts?',
        description:
          'Where do I find payment receipts (not invoices) for our card payments? Expense tool needs them.',
      }),
    ],
    outcomeFor: [0, 1, 2],
    outcomes: [
      () => ({
        note: 'How-to: bulk download via Billing → Invoices → Export (ZIP).',
        reply:
          'In Billing → Invoices, select the date range and use Export → "PDFs as ZIP"; you will get an email with the download link within a few minutes.',
      }),
      () => ({
        note: 'How-to: Finance (read-only) role for external accountant.',
        reply:
          'Yes: invite them with the "Finance (read-only)" role. They will see invoices, receipts and payment history, and nothing else.',
      }),
      () => ({
        note: 'How-to: receipts under Billing → Payments → Receipt.',
        reply:
          'Each card payment has its own receipt under Billing → Payments; open the payment and click "Download receipt". You can also have receipts emailed automatically to an expenses address in Billing → Settings → Invoice recipients.',
      }),
    ],
    resolveHours: [1, 24],
  },
  {
    key: 'billing-invoice-higher',
    product: 'billing',
    component: 'subscriptions',
    queue: 'billing-ops',
    category: 'billing',
    severity: 'sev4',
    tags: ['billing', 'seats', 'proration'],
    role: 'finance',
    channels: ['email', 'web', 'chat'],
    weight: 2.5,
    texts: [
      (c) => ({
        subject: "Why is this month's invoice higher?",
        description: `This month's invoice is about ${c.rng.int(12, 40)}% higher than usual and I can't see why. Nothing changed on our side as far as I know.`,
      }),
      () => ({
        subject: 'Unexpected seat charges',
        description:
          'We were charged for more seats than we have users. Can you explain the seat count on the latest invoice?',
      }),
      () => ({
        subject: 'Invoice amount question',
        description:
          'Quick question - the invoice has a line "Seat true-up" that we have never seen before. What is it?',
      }),
    ],
    outcomes: [
      () => ({
        note: 'Seat true-up from users added mid-cycle. Explained; no error.',
        reply:
          'The difference is a seat true-up: several users were added during the last period and are billed pro rata for the days they were active. The audit log in Admin console → Users shows who was added and when.',
      }),
      () => ({
        note: 'Explained proration after plan change by another admin.',
        reply:
          'Another admin upgraded the plan mid-cycle, so this invoice includes the prorated difference for the remaining days. From the next invoice on it will be the regular new price.',
      }),
    ],
    resolveHours: [2, 48],
  },
  {
    key: 'billing-feature-request',
    product: 'billing',
    component: 'invoicing',
    queue: 'billing-ops',
    category: 'feature-request',
    severity: 'sev4',
    tags: ['billing', 'feature_request'],
    role: 'finance',
    channels: ['email', 'web'],
    weight: 1.5,
    texts: [
      () => ({
        subject: 'Feature request: consolidated invoice for subsidiaries',
        description:
          'We have three subsidiaries on separate workspaces. Would be great if we could get one consolidated invoice per month. Any plans to support that?',
      }),
      () => ({
        subject: 'Custom invoice number prefix',
        description:
          'Please add the option to use our own prefix for invoice numbers that we send to our customers. Our ERP needs it.',
      }),
      () => ({
        subject: 'Invoices in more than one currency?',
        description:
          'Is it on the roadmap to invoice our own customers in CAD as well as USD from the same workspace?',
      }),
    ],
    outcomes: [
      () => ({
        note: 'Feature request logged with product (billing roadmap board).',
        reply:
          'Thank you for the suggestion. I have added your use case to the request our product team is tracking. It is not on the near-term roadmap yet, but requests like yours decide what gets prioritised.',
      }),
    ],
    resolveHours: [2, 72],
  },
  // Account management -------------------------------------------------------------------------
  {
    key: 'acct-owner-change',
    product: 'identity',
    component: 'admin-console',
    queue: 'account-management',
    category: 'account-change',
    severity: 'sev3',
    tags: ['account_owner', 'account_change'],
    role: 'admin',
    channels: ['email', 'web'],
    weight: 2,
    texts: [
      (c) => ({
        subject: 'Transfer account ownership',
        description: `Our account owner left ${c.account.name} last week and we can't reach them. Please make me the account owner so I can manage billing and admins.`,
      }),
      () => ({
        subject: 'Change the owner of our workspace',
        description:
          'The person who created our workspace has moved to another department. How do we change the account owner to me?',
      }),
      () => ({
        subject: 'Need admin rights - previous admin gone',
        description:
          'Our only admin is no longer with the company. I need admin access to add new staff. What do you need from us?',
      }),
    ],
    firstReply: [
      () =>
        'For security, we can only transfer ownership when an authorized person confirms it. Could the current owner, or an executive listed on your contract, reply here (or send a signed letter on company letterhead) confirming the change?',
    ],
    followUp: [
      () => 'I have attached a letter signed by our COO confirming the change.',
      () => 'Our previous owner has replied from their account to confirm.',
    ],
    outcomes: [
      () => ({
        note: 'Ownership transferred after written authorization (verified against contract signatory). Four-eyes approved.',
        reply:
          'Thanks for the authorization. Ownership has been transferred to you; you now have full admin and billing rights. The previous owner has been downgraded to Member.',
      }),
    ],
    resolveHours: [24, 140],
  },
  {
    key: 'acct-add-seats',
    product: 'billing',
    component: 'subscriptions',
    queue: 'account-management',
    category: 'account-change',
    severity: 'sev4',
    tags: ['seats', 'renewal', 'quote'],
    role: 'finance',
    channels: ['email'],
    weight: 2,
    texts: [
      (c) => ({
        subject: 'Quote for additional seats',
        description: `We are onboarding a new team and need ${c.rng.pick([25, 40, 60, 120])} more seats. Can we get a quote, ideally co-termed with our renewal?`,
      }),
      () => ({
        subject: 'Renewal quote request',
        description:
          'Our renewal is coming up. Please send us a renewal quote with the same seat count and the Identity add-on as an option.',
      }),
      () => ({
        subject: 'Add seats before quarter end',
        description:
          'Can you add seats to our contract before quarter end? Procurement needs the order form this week.',
      }),
    ],
    outcomes: [
      (c) => ({
        note: `Handed to CSM ${c.account.owner}; quote sent via CRM.`,
        reply: `I've passed this to ${c.account.owner}, your customer success manager, who will send the quote and order form directly.`,
      }),
    ],
    resolveHours: [4, 96],
  },
  {
    key: 'acct-cancel',
    product: 'billing',
    component: 'subscriptions',
    queue: 'account-management',
    category: 'account-change',
    severity: 'sev3',
    tags: ['cancellation', 'churn_risk'],
    role: 'finance',
    channels: ['email', 'web'],
    weight: 1.5,
    texts: [
      () => ({
        subject: 'Cancel our subscription',
        description:
          'Please cancel our subscription at the end of the current term. We are consolidating tools. Confirm in writing please.',
      }),
      () => ({
        subject: 'We want to downgrade',
        description:
          'We no longer need the payments module. How do we downgrade to billing only, and what happens to our data?',
      }),
      () => ({
        subject: 'Thinking of leaving',
        description:
          'Honestly the last months have been rough - the outages and the slow answers. Before we cancel, can someone talk to us about what is changing?',
      }),
    ],
    outcomeFor: [1, 0, 0],
    outcomes: [
      (c) => ({
        note: `Routed to ${c.account.owner}; retention call booked.`,
        reply: `I've shared this with ${c.account.owner}, who manages your account and will contact you today to go through the options and confirm the next steps in writing.`,
      }),
      () => ({
        note: 'Cancellation at term end confirmed in writing; data export instructions sent.',
        reply:
          'Your subscription is set to end at the end of the current term; you keep full access until then. Before that date you can export all your data from Settings → Data export.',
      }),
    ],
    resolveHours: [4, 120],
  },
  {
    key: 'acct-compliance-docs',
    product: 'identity',
    component: 'admin-console',
    queue: 'account-management',
    category: 'how-to',
    severity: 'sev4',
    tags: ['compliance', 'dpa', 'security_review'],
    role: 'admin',
    channels: ['email'],
    weight: 1.5,
    texts: [
      () => ({
        subject: 'Data processing agreement',
        description:
          'Our legal team needs a signed data processing agreement and the list of sub-processors. Where can we get these?',
      }),
      () => ({
        subject: 'Security questionnaire for vendor review',
        description:
          'We are doing our annual vendor review. Can you fill in the attached security questionnaire and share your latest SOC 2 report?',
      }),
      () => ({
        subject: 'Where is our data hosted?',
        description:
          'Before renewal our DPO asks in which region our data is stored and whether we can move it to the EU.',
      }),
    ],
    outcomeFor: [0, 0, 1],
    outcomes: [
      () => ({
        note: 'Sent DPA + sub-processor list via trust portal; NDA for SOC 2 report.',
        reply:
          'You can download the DPA and sub-processor list from our trust portal. The SOC 2 report is shared under NDA; I have sent the NDA for signature and will share the report as soon as it is signed.',
      }),
      () => ({
        note: 'Data residency: workspace hosted in US; EU migration offered via CSM.',
        reply:
          'Your workspace is hosted in our US region. We also run an EU region; a migration can be scheduled with your customer success manager, and our trust portal lists where each sub-processor stores data.',
      }),
    ],
    resolveHours: [4, 96],
  },
  {
    key: 'acct-data-deletion',
    product: 'identity',
    component: 'admin-console',
    queue: 'account-management',
    category: 'account-change',
    severity: 'sev3',
    tags: ['gdpr', 'data_deletion'],
    role: 'admin',
    channels: ['email', 'web'],
    weight: 1,
    texts: [
      () => ({
        subject: 'GDPR erasure request for a former employee',
        description:
          'A former employee asked us to delete all their personal data. Can you remove their user profile and activity history from our workspace?',
      }),
      () => ({
        subject: 'Delete old customer records',
        description:
          'We need to permanently delete customer records older than 7 years per our retention policy. Can you do that in bulk?',
      }),
    ],
    firstReply: [
      () =>
        'Permanent deletion cannot be undone, so we need written confirmation from an account administrator listing exactly what should be deleted. Could you send that here?',
    ],
    outcomes: [
      () => ({
        note: 'Erasure performed after admin authorization; confirmation certificate sent.',
        reply:
          'The deletion has been carried out as authorized. I have attached the deletion confirmation for your records.',
      }),
    ],
    resolveHours: [24, 200],
  },
  {
    key: 'acct-renewal-pricing',
    product: 'billing',
    component: 'subscriptions',
    queue: 'account-management',
    category: 'billing',
    severity: tiered('sev4'),
    tags: ['renewal', 'pricing'],
    role: 'finance',
    channels: ['email'],
    weight: 1,
    texts: [
      (c) => ({
        subject: 'Renewal price increase?',
        description: `Our renewal notice shows a ${c.rng.int(8, 15)}% increase. Nobody told us about this. We need a call before we sign anything.`,
      }),
      () => ({
        subject: 'Multi-year discount',
        description: 'Do you offer a discount if we sign for three years at renewal?',
      }),
    ],
    outcomes: [
      (c) => ({
        note: `Escalated to CSM ${c.account.owner} for pricing conversation.`,
        reply: `${c.account.owner} will reach out to schedule a call about your renewal and the available options.`,
      }),
    ],
    resolveHours: [4, 72],
  },
];
