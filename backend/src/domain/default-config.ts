import type { DraftKind, MissingKey, RiskClass } from '@triage/shared';
import { TenantConfig, type TenantConfigInput } from './tenant-config';

type TemplateInput = TenantConfigInput['templates'][number];

type Locale = 'en' | 'de' | 'fr' | 'es';

/** The built-in questions for missing data, in every locale the product ships approved text in. */
const QUESTIONS: Record<Locale, Record<MissingKey, string>> = {
  en: {
    account_id: 'Could you tell us the account or workspace ID this is about?',
    time_window: 'When did this start, and roughly when did you last see it happen (with your time zone)?',
    reproduction_steps: 'Could you list the steps that lead to the problem, so that we can reproduce it?',
    environment: 'Which browser, device or app version are you using?',
    affected_users: 'How many of your users are affected?',
    permissions: 'Which role or permissions does the affected user have?',
    customer_authorization: 'Could the account owner confirm in writing that they authorize this change?',
    error_text: 'Could you send the exact error message, or a screenshot of it?',
    order_or_invoice: 'Could you share the order or invoice number concerned?',
  },
  de: {
    account_id: 'Könnten Sie uns die Konto- oder Workspace-ID nennen, um die es geht?',
    time_window: 'Wann hat das angefangen, und wann ist es zuletzt aufgetreten (mit Ihrer Zeitzone)?',
    reproduction_steps:
      'Könnten Sie die Schritte auflisten, die zu dem Problem führen, damit wir es nachstellen können?',
    environment: 'Welchen Browser, welches Gerät oder welche App-Version verwenden Sie?',
    affected_users: 'Wie viele Ihrer Nutzer sind betroffen?',
    permissions: 'Welche Rolle oder Berechtigungen hat die betroffene Person?',
    customer_authorization:
      'Könnte der Kontoinhaber schriftlich bestätigen, dass er diese Änderung freigibt?',
    error_text: 'Könnten Sie uns die genaue Fehlermeldung oder ein Bildschirmfoto davon schicken?',
    order_or_invoice: 'Könnten Sie uns die betroffene Bestell- oder Rechnungsnummer nennen?',
  },
  fr: {
    account_id: "Pourriez-vous nous indiquer l'identifiant du compte ou de l'espace de travail concerné ?",
    time_window:
      "Quand cela a-t-il commencé, et quand l'avez-vous constaté pour la dernière fois (avec votre fuseau horaire) ?",
    reproduction_steps:
      'Pourriez-vous lister les étapes qui mènent au problème, afin que nous puissions le reproduire ?',
    environment: "Quel navigateur, quel appareil ou quelle version de l'application utilisez-vous ?",
    affected_users: 'Combien de vos utilisateurs sont touchés ?',
    permissions: 'Quel rôle ou quelles autorisations la personne concernée a-t-elle ?',
    customer_authorization:
      'Le propriétaire du compte pourrait-il confirmer par écrit qu’il autorise ce changement ?',
    error_text: "Pourriez-vous nous envoyer le message d'erreur exact, ou une capture d'écran ?",
    order_or_invoice: 'Pourriez-vous nous indiquer le numéro de commande ou de facture concerné ?',
  },
  es: {
    account_id: '¿Podría indicarnos el ID de la cuenta o del espacio de trabajo en cuestión?',
    time_window: '¿Cuándo empezó y cuándo lo vio por última vez, aproximadamente (con su zona horaria)?',
    reproduction_steps: '¿Podría enumerar los pasos que llevan al problema, para que podamos reproducirlo?',
    environment: '¿Qué navegador, dispositivo o versión de la app está usando?',
    affected_users: '¿Cuántos de sus usuarios están afectados?',
    permissions: '¿Qué rol o permisos tiene la persona afectada?',
    customer_authorization:
      '¿Podría el propietario de la cuenta confirmar por escrito que autoriza este cambio?',
    error_text: '¿Podría enviarnos el mensaje de error exacto o una captura de pantalla?',
    order_or_invoice: '¿Podría indicarnos el número de pedido o de factura en cuestión?',
  },
};

type DraftTexts = Record<
  | 'ack'
  | 'request-info'
  | 'known-issue-update'
  | 'workaround'
  | 'incident-update'
  | 'resolution'
  | 'escalation-notice',
  string
>;

/** The built-in customer updates, in every locale the product ships approved text in. */
const DRAFTS: Record<Locale, DraftTexts> = {
  en: {
    ack: 'Hi {{customer_name}},\n\nThank you for reaching out about {{case_ref}}. We are looking into it and will update you here.\n\n{{agent_name}}',
    'request-info':
      'Hi {{customer_name}},\n\nTo move {{case_ref}} forward, could you help us with the following?\n{{missing_questions}}\n\n{{agent_name}}',
    'known-issue-update':
      'Hi {{customer_name}},\n\nWhat you describe in {{case_ref}} matches a known issue we are tracking: "{{known_issue_title}}". We have linked your request to it and will update you here when its status changes.\n\n{{agent_name}}',
    workaround:
      'Hi {{customer_name}},\n\nWhile we work on {{case_ref}}, here is a workaround that has helped with "{{known_issue_title}}":\n\n{{workaround}}\n\nPlease let us know whether it helps.\n\n{{agent_name}}',
    'incident-update':
      'Hi {{customer_name}},\n\nWe are handling an incident that matches {{case_ref}}: "{{incident_title}}". Current status: {{incident_status}}. We will update you here when it is resolved.\n\n{{agent_name}}',
    resolution:
      'Hi {{customer_name}},\n\nHere is what we found in {{case_ref}} and what was done:\n\n{{resolution_summary}}\n\nReply to this message if anything still looks wrong.\n\n{{agent_name}}',
    'escalation-notice':
      'Hi {{customer_name}},\n\nWe have passed {{case_ref}} to our {{queue_name}} team, who have its full history. We will keep you updated here.\n\n{{agent_name}}',
  },
  de: {
    ack: 'Hallo {{customer_name}},\n\nvielen Dank für Ihre Nachricht zu {{case_ref}}. Wir sehen uns das an und melden uns hier bei Ihnen.\n\n{{agent_name}}',
    'request-info':
      'Hallo {{customer_name}},\n\ndamit wir bei {{case_ref}} weiterkommen, helfen Sie uns bitte mit Folgendem:\n{{missing_questions}}\n\n{{agent_name}}',
    'known-issue-update':
      'Hallo {{customer_name}},\n\nwas Sie in {{case_ref}} beschreiben, entspricht einem bekannten Problem, das wir verfolgen: „{{known_issue_title}}“. Wir haben Ihre Anfrage damit verknüpft und melden uns hier, wenn sich der Status ändert.\n\n{{agent_name}}',
    workaround:
      'Hallo {{customer_name}},\n\nwährend wir an {{case_ref}} arbeiten, hier eine Umgehung, die bei „{{known_issue_title}}“ geholfen hat:\n\n{{workaround}}\n\nBitte geben Sie uns Bescheid, ob sie hilft.\n\n{{agent_name}}',
    'incident-update':
      'Hallo {{customer_name}},\n\nwir bearbeiten eine Störung, die zu {{case_ref}} passt: „{{incident_title}}“. Aktueller Status: {{incident_status}}. Wir melden uns hier, sobald sie behoben ist.\n\n{{agent_name}}',
    resolution:
      'Hallo {{customer_name}},\n\nhier, was wir in {{case_ref}} festgestellt haben und was unternommen wurde:\n\n{{resolution_summary}}\n\nAntworten Sie auf diese Nachricht, falls noch etwas nicht stimmt.\n\n{{agent_name}}',
    'escalation-notice':
      'Hallo {{customer_name}},\n\nwir haben {{case_ref}} an unser Team {{queue_name}} weitergegeben, das den gesamten Verlauf kennt. Wir halten Sie hier auf dem Laufenden.\n\n{{agent_name}}',
  },
  fr: {
    ack: 'Bonjour {{customer_name}},\n\nMerci de nous avoir contactés au sujet de {{case_ref}}. Nous examinons votre demande et vous répondrons ici.\n\n{{agent_name}}',
    'request-info':
      'Bonjour {{customer_name}},\n\nPour faire avancer {{case_ref}}, pourriez-vous nous aider avec les points suivants ?\n{{missing_questions}}\n\n{{agent_name}}',
    'known-issue-update':
      'Bonjour {{customer_name}},\n\nCe que vous décrivez dans {{case_ref}} correspond à un problème connu que nous suivons : « {{known_issue_title}} ». Nous y avons rattaché votre demande et vous informerons ici de tout changement de statut.\n\n{{agent_name}}',
    workaround:
      "Bonjour {{customer_name}},\n\nPendant que nous travaillons sur {{case_ref}}, voici un contournement qui a aidé pour « {{known_issue_title}} » :\n\n{{workaround}}\n\nMerci de nous dire s'il vous aide.\n\n{{agent_name}}",
    'incident-update':
      "Bonjour {{customer_name}},\n\nNous traitons un incident qui correspond à {{case_ref}} : « {{incident_title}} ». Statut actuel : {{incident_status}}. Nous vous écrirons ici lorsqu'il sera résolu.\n\n{{agent_name}}",
    resolution:
      'Bonjour {{customer_name}},\n\nVoici ce que nous avons constaté dans {{case_ref}} et ce qui a été fait :\n\n{{resolution_summary}}\n\nRépondez à ce message si quelque chose ne va toujours pas.\n\n{{agent_name}}',
    'escalation-notice':
      "Bonjour {{customer_name}},\n\nNous avons transmis {{case_ref}} à notre équipe {{queue_name}}, qui dispose de tout l'historique. Nous vous tiendrons informé ici.\n\n{{agent_name}}",
  },
  es: {
    ack: 'Hola, {{customer_name}}:\n\nGracias por escribirnos sobre {{case_ref}}. Lo estamos revisando y le responderemos aquí.\n\n{{agent_name}}',
    'request-info':
      'Hola, {{customer_name}}:\n\nPara avanzar con {{case_ref}}, ¿podría ayudarnos con lo siguiente?\n{{missing_questions}}\n\n{{agent_name}}',
    'known-issue-update':
      'Hola, {{customer_name}}:\n\nLo que describe en {{case_ref}} coincide con un problema conocido que estamos siguiendo: «{{known_issue_title}}». Hemos vinculado su solicitud y le avisaremos aquí cuando cambie su estado.\n\n{{agent_name}}',
    workaround:
      'Hola, {{customer_name}}:\n\nMientras trabajamos en {{case_ref}}, le enviamos una solución alternativa que ha ayudado con «{{known_issue_title}}»:\n\n{{workaround}}\n\nIndíquenos si le sirve.\n\n{{agent_name}}',
    'incident-update':
      'Hola, {{customer_name}}:\n\nEstamos gestionando una incidencia que coincide con {{case_ref}}: «{{incident_title}}». Estado actual: {{incident_status}}. Le escribiremos aquí cuando se haya resuelto.\n\n{{agent_name}}',
    resolution:
      'Hola, {{customer_name}}:\n\nEsto es lo que encontramos en {{case_ref}} y lo que se ha hecho:\n\n{{resolution_summary}}\n\nResponda a este mensaje si algo sigue sin estar bien.\n\n{{agent_name}}',
    'escalation-notice':
      'Hola, {{customer_name}}:\n\nHemos pasado {{case_ref}} a nuestro equipo {{queue_name}}, que tiene todo su historial. Le mantendremos informado aquí.\n\n{{agent_name}}',
  },
};

const DRAFT_KINDS: Record<keyof DraftTexts, { kind: DraftKind; title: string; riskClasses: RiskClass[] }> = {
  ack: { kind: 'acknowledgement', title: 'Acknowledgement', riskClasses: [] },
  'request-info': { kind: 'request-info', title: 'Request for information', riskClasses: [] },
  'known-issue-update': { kind: 'known-issue-update', title: 'Known issue update', riskClasses: [] },
  workaround: { kind: 'workaround', title: 'Workaround', riskClasses: [] },
  'incident-update': { kind: 'incident-update', title: 'Incident update', riskClasses: [] },
  // A resolution says what caused the problem: a root-cause statement, in any language.
  resolution: { kind: 'resolution', title: 'Resolution summary', riskClasses: ['root-cause-statement'] },
  'escalation-notice': { kind: 'escalation-notice', title: 'Escalation notice', riskClasses: [] },
};

/** English ids stay as they were first shipped; other locales add their code (`default.ack.de`). */
function localId(base: string, locale: Locale): string {
  return locale === 'en' ? base : `${base}.${locale}`;
}

function defaultTemplates(): TemplateInput[] {
  const out: TemplateInput[] = [];
  for (const locale of Object.keys(DRAFTS) as Locale[]) {
    for (const [name, body] of Object.entries(DRAFTS[locale]) as [keyof DraftTexts, string][]) {
      const meta = DRAFT_KINDS[name];
      out.push({
        id: localId(`default.${name}`, locale),
        kind: meta.kind,
        locale,
        version: 1,
        title: meta.title,
        body,
        riskClasses: meta.riskClasses,
      });
    }
    for (const [key, body] of Object.entries(QUESTIONS[locale]) as [MissingKey, string][]) {
      out.push({
        id: localId(`default.question.${key.replace(/_/g, '-')}`, locale),
        kind: 'question',
        locale,
        version: 1,
        title: key,
        body,
        missingKey: key,
      });
    }
  }
  return out;
}

/**
 * The configuration used where a tenant has none of its own (the offline CLI): no products or rules,
 * a neutral SLA policy, plain approved language in English, German, French and Spanish, and a conservative
 * approval policy. Every action needs a person's approval.
 */
export const DEFAULT_TENANT_CONFIG: TenantConfig = TenantConfig.parse({
  name: 'Support',
  products: [],
  slaPolicy: {
    defaultTier: 'standard',
    tiers: {
      standard: {
        sev1: { firstResponseMinutes: 60, resolutionMinutes: 480 },
        sev2: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
        sev3: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
        sev4: { firstResponseMinutes: 1440, resolutionMinutes: 5760 },
      },
    },
  },
  routing: { threshold: 0.6, rules: [] },
  templates: defaultTemplates(),
  approvalPolicy: {
    actions: {
      'internal-note': { autonomy: 'act-with-approval', roles: ['agent'] },
      'public-reply': { autonomy: 'act-with-approval', roles: ['agent'] },
      'set-tags': { autonomy: 'act-with-approval', roles: ['agent'] },
      'set-fields': { autonomy: 'act-with-approval', roles: ['agent'] },
      'engineering-issue': { autonomy: 'act-with-approval', roles: ['specialist'] },
      'crm-note': { autonomy: 'act-with-approval', roles: ['agent'] },
      escalation: { autonomy: 'act-with-approval', roles: ['team-lead'] },
      'service-credit': { autonomy: 'advise', roles: ['team-lead'] },
    },
    fourEyesRiskClasses: [
      'root-cause-statement',
      'service-credit',
      'destructive-action',
      'account-change',
      'production-config-change',
      'security-sensitive-evidence',
    ],
  },
});
