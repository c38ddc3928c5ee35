import type { Scenario } from './scenario-types';
import { tiered } from './scenario-types';

export const PAYMENTS_SCENARIOS: Scenario[] = [
  {
    key: 'pay-checkout-incident',
    product: 'payments',
    component: 'payments-gateway',
    queue: 'payments-squad',
    category: 'incident',
    severity: tiered('sev2'),
    tags: ['checkout', 'timeout', 'incident'],
    role: 'engineer',
    channels: ['email', 'phone', 'chat'],
    weight: 0,
    texts: [
      (c) => ({
        subject: 'Checkout timing out for our customers',
        description: `Since about ${c.d.onset} a lot of our checkouts hang for 30 seconds and then fail. Request IDs: ${c.d.requestIds[0]}, ${c.d.requestIds[1]}. Are you having problems?`,
      }),
      (c) => ({
        subject: 'Payments are down?',
        description: `Our shop is losing sales - checkout returns timeouts for maybe a third of attempts. Nothing changed on our side. ${c.d.sdk}.`,
      }),
      (c) => ({
        subject: 'Very slow card payments',
        description: `Card payments take forever to authorise right now and some fail with "gateway timeout". Started around ${c.d.onset}.`,
      }),
    ],
    firstReply: [
      (c) =>
        `Thank you for reporting this. We are currently handling an incident with elevated checkout latency (${c.incident?.id ?? 'see status page'}); our engineers are on it. You can follow the updates on https://status.ferrowick.example. I have linked your ticket to the incident.`,
    ],
    outcomes: [
      (c) => ({
        note: `Part of ${c.incident?.id ?? 'the incident'} (upstream card network latency). No duplicate charges found for the account.`,
        reply:
          'The incident has been resolved: traffic was moved to a secondary connection and checkout times are back to normal. Checkouts that timed out were not charged, so there is nothing to refund.',
      }),
    ],
    resolveHours: [3, 10],
  },
  {
    key: 'pay-duplicate-capture',
    product: 'payments',
    component: 'payments-gateway',
    queue: 'payments-squad',
    category: 'defect',
    severity: tiered('sev2'),
    tags: ['checkout', 'duplicate_charge', 'idempotency', 'ki-14'],
    role: 'engineer',
    channels: ['email', 'web'],
    weight: 2,
    knownIssue: 'KI-14',
    texts: [
      (c) => ({
        subject: 'Our customers are being charged twice',
        description: `Several of our end customers complain they were charged twice for one order. In the dashboard we see pairs of captures a few seconds apart. The API response on the retry was 409 with code E_IDEMPOTENCY_CONFLICT. We use ${c.d.sdk}.`,
      }),
      () => ({
        subject: 'Duplicate captures after timeout',
        description:
          "When the first create-charge call times out, our retry goes through and the original one also completes. Result: two captures. Shouldn't your gateway dedupe this?",
      }),
      (c) => ({
        subject: 'Double charges in production',
        description: `We had ${c.rng.int(4, 30)} double charges yesterday. All of them happened during a short period of gateway slowness. We need to know whether this is on your side before we refund everyone.`,
      }),
    ],
    internalNote: [
      () =>
        'Gateway logs show retries with a new idempotency key generated server-side (E_IDEMPOTENCY_CONFLICT on replay). Matches KI-14 / ENG-438.',
    ],
    outcomes: [
      () => ({
        note: 'KI-14: gateway retry generated a new idempotency key. Provided list of duplicate charge IDs; customer refunded. Fix in 5.13.2.',
        reply:
          'We confirmed that the duplicates were caused by our gateway retrying with a new idempotency key after a timeout. I have attached the list of affected charge IDs so you can refund them; the fix has been deployed and we are monitoring it. Please keep sending an Idempotency-Key header on every create-charge call.',
      }),
      () => ({
        note: 'KI-14 duplicates; customer advised to set Idempotency-Key; refunds done by customer.',
        reply:
          'These duplicates come from a known issue with retries after gateway timeouts. Sending your own Idempotency-Key header on each create-charge call prevents it; the affected charges are listed in the attached file for refund.',
      }),
    ],
    resolveHours: [8, 120],
  },
  {
    key: 'pay-3ds-loop',
    product: 'payments',
    component: '3ds',
    queue: 'payments-squad',
    category: 'defect',
    severity: tiered('sev3'),
    tags: ['checkout', '3ds', 'safari', 'ki-20'],
    role: 'engineer',
    channels: ['email', 'web', 'chat'],
    weight: 2,
    knownIssue: 'KI-20',
    texts: [
      () => ({
        subject: '3D Secure keeps looping on Safari',
        description:
          'Customers on Safari get the bank authentication screen, approve, and then the challenge shows again. Chrome works. Embedded checkout, no redirect.',
      }),
      () => ({
        subject: 'Conversion drop - 3DS challenge never completes',
        description:
          'Since your last update our conversion on iPhone dropped a lot. The 3-D Secure popup reloads endlessly. Console error: 3DS_CHALLENGE_FRAME_BLOCKED.',
      }),
      () => ({
        subject: 'Payment authentication fails in iframe',
        description:
          'Card authentication fails in the embedded checkout on Safari 17.4 on Mac and iOS. Customers give up. Please advise urgently, this is our busiest week.',
      }),
    ],
    localized: {
      es: [
        () => ({
          subject: 'Autenticación 3D Secure se repite en Safari',
          description:
            'Los clientes que usan Safari ven la pantalla de autenticación del banco una y otra vez. En Chrome funciona bien. Usamos el checkout embebido.',
        }),
      ],
    },
    localizedOutcomes: {
      es: [
        () => ({
          note: 'KI-20 (3DS_CHALLENGE_FRAME_BLOCKED). Redirect mode as workaround.',
          reply:
            'Es un problema conocido del desafío 3-D Secure dentro del checkout embebido en Safari 17. Configurar three_ds_mode en "redirect" lo evita; la corrección ya fue publicada y puede volver al modo embebido cuando lo haya verificado.',
        }),
      ],
    },
    outcomes: [
      () => ({
        note: 'KI-20 (3DS_CHALLENGE_FRAME_BLOCKED). Switched to redirect mode as workaround; fix in 5.13.2.',
        reply:
          'This is a known issue with the 3-D Secure challenge inside the embedded checkout on Safari 17. Switching three_ds_mode to "redirect" avoids it; a fix has since been released and you can switch back once you have verified it on your side.',
      }),
    ],
    resolveHours: [6, 96],
  },
  {
    key: 'pay-payout-hold',
    product: 'payments',
    component: 'payouts',
    queue: 'payments-squad',
    category: 'billing',
    severity: 'sev3',
    tags: ['payouts', 'on_hold'],
    role: 'finance',
    channels: ['email', 'phone', 'web'],
    weight: 2.5,
    texts: [
      () => ({
        subject: 'Payout not received',
        description:
          'The payout that should have arrived on Friday is not in our bank account. The dashboard shows "in transit". How long does this usually take?',
      }),
      (c) => ({
        subject: 'Payouts on hold?',
        description: `Our payouts are showing "on hold" for ${c.rng.int(3, 8)} days. We did not get any email explaining why. We need this money for payroll.`,
      }),
      () => ({
        subject: 'Change payout bank account',
        description:
          'We changed banks. After updating the account our payouts stopped. Is there a verification step?',
      }),
    ],
    outcomeFor: [0, 1, 0],
    outcomes: [
      () => ({
        note: 'Payout held for bank account verification; micro-deposits confirmed by customer; payout released.',
        reply:
          'The payout was paused because the new bank account had not been verified yet. Now that you confirmed the two small test deposits, the payout has been released and should arrive within 1–2 business days.',
      }),
      () => ({
        note: 'Risk review requested business documents; customer uploaded; hold lifted.',
        reply:
          'Your payouts were held pending a routine review that needed a recent bank statement. Thanks for uploading it; the hold is lifted and the queued payouts are on their way.',
      }),
    ],
    resolveHours: [6, 120],
  },
  {
    key: 'pay-refund-api',
    product: 'payments',
    component: 'refunds',
    queue: 'payments-squad',
    category: 'how-to',
    severity: 'sev3',
    tags: ['refunds', 'api'],
    role: 'engineer',
    channels: ['email', 'api', 'web'],
    weight: 2,
    texts: [
      (c) => ({
        subject: 'Refund API returns 422',
        description: `POST /v2/refunds returns 422 "amount_exceeds_refundable" for a charge we only partially refunded before. Request ID ${c.d.requestIds[0]}. ${c.d.sdk}.`,
      }),
      () => ({
        subject: "Can't refund a payment from last year",
        description:
          'The refund button is greyed out for a payment from 14 months ago. Customer wants their money back. How do we refund it?',
      }),
      () => ({
        subject: 'Partial refunds in the API',
        description: 'How do we issue several partial refunds for one charge? Our second call fails.',
      }),
    ],
    outcomeFor: [0, 1, 0],
    outcomes: [
      () => ({
        note: 'Explained refundable amount = captured − previous refunds − disputed. Customer was refunding gross incl. fee.',
        reply:
          'The refundable amount is the captured amount minus earlier refunds. Your second refund asked for more than what remained; the charge object has a `refundable_amount` field you can read first.',
      }),
      () => ({
        note: 'Card refunds limited to 12 months by network rules; suggested bank transfer refund.',
        reply:
          'Card networks only allow refunds within 12 months of the payment. For older payments you can refund the customer by bank transfer and record it in Ferrowick as an external refund.',
      }),
    ],
    resolveHours: [1, 48],
  },
  {
    key: 'pay-howto-test-mode',
    product: 'payments',
    component: 'checkout-api',
    queue: 'payments-squad',
    category: 'how-to',
    severity: 'sev4',
    tags: ['checkout', 'how_to', 'test_mode'],
    role: 'engineer',
    channels: ['email', 'chat', 'web'],
    weight: 2,
    texts: [
      () => ({
        subject: 'Test cards for 3DS in sandbox',
        description:
          'How do I trigger a 3-D Secure challenge in test mode? Our QA wants to cover it before go-live.',
      }),
      () => ({
        subject: 'Checkout session expiry',
        description:
          'How can I set how long a checkout session stays valid? Some of our customers take longer than 30 minutes.',
      }),
      () => ({
        subject: 'Which events to listen to for paid orders?',
        description:
          'What is the recommended event to mark an order as paid on our side: checkout.session.completed or charge.succeeded?',
      }),
    ],
    localized: {
      es: [
        () => ({
          subject: '¿Cómo probar pagos en modo de prueba?',
          description:
            '¿Cómo puedo simular un pago rechazado en el entorno de pruebas? Necesitamos probarlo antes de lanzar.',
        }),
      ],
    },
    localizedOutcomes: {
      es: [
        () => ({
          note: 'How-to answered with docs link (test cards).',
          reply:
            'En el modo de prueba puede usar la tarjeta terminada en 0002 para simular un rechazo. Aquí está la lista completa: https://docs.ferrowick.example/checkout/testing',
        }),
      ],
    },
    outcomes: [
      () => ({
        note: 'How-to answered with docs link (test cards / expires_at / events).',
        reply:
          'Here is the relevant section of our docs: https://docs.ferrowick.example/checkout/testing. In short, the test card ending 3184 always requires a challenge, `expires_at` can be set up to 24 hours ahead, and `checkout.session.completed` is the event to use for fulfilment.',
      }),
    ],
    resolveHours: [1, 24],
  },
  {
    key: 'pay-declines-spike',
    product: 'payments',
    component: 'payments-gateway',
    queue: 'payments-squad',
    category: 'data-issue',
    severity: 'sev2',
    tags: ['checkout', 'declines'],
    role: 'engineer',
    channels: ['email', 'phone'],
    weight: 1.5,
    texts: [
      (c) => ({
        subject: 'Spike in declined cards',
        description: `Since ${c.d.onset} about 15% of card payments are declined with "do_not_honor". Normally it's under 3%. Is your gateway flagging our transactions?`,
      }),
      () => ({
        subject: 'Lots of declines from one bank',
        description:
          'Nearly all cards from one issuer are declined today. Customers say their bank shows no attempt.',
      }),
    ],
    outcomes: [
      () => ({
        note: 'Issuer-side declines (single BIN range); no gateway issue. Shared decline breakdown.',
        reply:
          'The declines come from one card issuer, which rejected the payments on their side. There was no problem with our gateway. I attached the breakdown by decline code; the issuer resolved it a few hours later and approval rates are back to normal.',
      }),
    ],
    resolveHours: [3, 30],
  },
  {
    key: 'pay-feature-request',
    product: 'payments',
    component: 'checkout-api',
    queue: 'payments-squad',
    category: 'feature-request',
    severity: 'sev4',
    tags: ['checkout', 'feature_request'],
    role: 'engineer',
    channels: ['email', 'web'],
    weight: 1.5,
    texts: [
      () => ({
        subject: 'Support for instant bank payments',
        description:
          'Would be great if checkout supported instant bank transfers. Many of our customers ask for it. Any plans?',
      }),
      () => ({
        subject: 'Saved cards across workspaces',
        description: 'Please add a way to reuse a saved card for a customer who buys from two of our brands.',
      }),
    ],
    localized: {
      es: [
        () => ({
          subject: 'Pagos en efectivo en tiendas',
          description:
            '¿Tienen planes de aceptar pagos en efectivo en tiendas de conveniencia? Muchos de nuestros clientes en México lo prefieren.',
        }),
      ],
    },
    localizedOutcomes: {
      es: [
        () => ({
          note: 'Logged on payments roadmap board.',
          reply:
            'Gracias por la sugerencia; la agregamos a la solicitud que sigue nuestro equipo de producto. Por ahora no podemos compartir una fecha.',
        }),
      ],
    },
    outcomes: [
      () => ({
        note: 'Logged on payments roadmap board.',
        reply:
          'Thanks for the suggestion; I have added it to the payments roadmap request with your use case. I cannot share a date yet.',
      }),
    ],
    resolveHours: [2, 72],
  },
];
