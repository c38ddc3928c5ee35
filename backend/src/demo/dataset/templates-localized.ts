import type { MissingKey } from '@triage/shared';
import type { TenantConfig } from '../../domain/tenant-config';

type TemplateDef = TenantConfig['templates'][number];

type Locale = 'de' | 'fr' | 'es';

interface Texts {
  drafts: Record<
    | 'ack-standard'
    | 'request-info-checklist'
    | 'known-issue-update'
    | 'workaround-offer'
    | 'incident-update'
    | 'resolution-summary'
    | 'escalation-notice',
    { title: string; body: string }
  >;
  questions: Record<MissingKey, { title: string; body: string }>;
}

const KINDS = {
  'ack-standard': 'acknowledgement',
  'request-info-checklist': 'request-info',
  'known-issue-update': 'known-issue-update',
  'workaround-offer': 'workaround',
  'incident-update': 'incident-update',
  'resolution-summary': 'resolution',
  'escalation-notice': 'escalation-notice',
} as const;

const QUESTION_IDS: Record<MissingKey, string> = {
  account_id: 'q-account-id',
  time_window: 'q-time-window',
  reproduction_steps: 'q-reproduction-steps',
  environment: 'q-environment',
  affected_users: 'q-affected-users',
  permissions: 'q-permissions',
  customer_authorization: 'q-customer-authorization',
  error_text: 'q-error-text',
  order_or_invoice: 'q-order-or-invoice',
};

const DE: Texts = {
  drafts: {
    'ack-standard': {
      title: 'Eingang bestätigen und übernehmen',
      body: 'Hallo {{customer_name}},\n\nvielen Dank für Ihre Nachricht zu {{product_name}}. Ich habe Ihre Anfrage ({{case_ref}}) übernommen und prüfe Ihre Angaben zusammen mit dem, was wir auf unserer Seite sehen.\n\nMein nächstes Update finden Sie in diesem Ticket.\n\nViele Grüße\n{{agent_name}}',
    },
    'request-info-checklist': {
      title: 'Fehlende Angaben erfragen',
      body: 'Hallo {{customer_name}},\n\nvielen Dank für Ihre bisherigen Angaben zu {{case_ref}}. Damit wir das gründlich untersuchen können, helfen Sie uns bitte mit Folgendem:\n\n{{missing_questions}}\n\nSobald wir diese Angaben haben, setzen wir die Untersuchung fort.\n\nViele Grüße\n{{agent_name}}',
    },
    'known-issue-update': {
      title: 'Fall mit einem bekannten Problem verknüpfen',
      body: 'Hallo {{customer_name}},\n\nwas Sie in {{case_ref}} beschreiben, entspricht einem bekannten Problem in {{product_name}}, das unser Entwicklungsteam verfolgt: „{{known_issue_title}}“.\n\nWir haben Ihr Ticket damit verknüpft, sodass Sie hier von uns hören, wenn sich der Status ändert. Sie können es auch auf unserer Statusseite verfolgen: {{status_page_url}}\n\nViele Grüße\n{{agent_name}}',
    },
    'workaround-offer': {
      title: 'Dokumentierte Umgehung anbieten',
      body: 'Hallo {{customer_name}},\n\nwährend wir an {{case_ref}} arbeiten, hier eine Umgehung, die anderen Kunden bei „{{known_issue_title}}“ geholfen hat:\n\n{{workaround}}\n\nBitte geben Sie uns Bescheid, ob Sie damit weiterarbeiten können.\n\nViele Grüße\n{{agent_name}}',
    },
    'incident-update': {
      title: 'Über eine laufende Störung informieren',
      body: 'Hallo {{customer_name}},\n\nvielen Dank für Ihre Meldung. Wir bearbeiten gerade eine Störung, die {{product_name}} betrifft: „{{incident_title}}“. Aktueller Status: {{incident_status}}.\n\nUnser Team arbeitet daran; die neuesten Informationen finden Sie auf der Statusseite: {{status_page_url}}\n\nIhr Ticket {{case_ref}} ist mit der Störung verknüpft, und wir melden uns hier, sobald sie behoben ist.\n\nViele Grüße\n{{agent_name}}',
    },
    'resolution-summary': {
      title: 'Erklären, was gefunden und behoben wurde',
      body: 'Hallo {{customer_name}},\n\nhier eine Zusammenfassung dessen, was wir in {{case_ref}} festgestellt haben und was unternommen wurde:\n\n{{resolution_summary}}\n\nFalls noch etwas nicht stimmt, antworten Sie einfach auf diese Nachricht; das Ticket wird dann wieder geöffnet.\n\nViele Grüße\n{{agent_name}}',
    },
    'escalation-notice': {
      title: 'Über die Eskalation informieren',
      body: 'Hallo {{customer_name}},\n\nich habe {{case_ref}} an unser Team {{queue_name}} weitergegeben, das auf {{product_name}} spezialisiert ist. Das Team kennt den gesamten Verlauf dieses Tickets, Sie müssen also nichts wiederholen.\n\nWir halten Sie hier auf dem Laufenden.\n\nViele Grüße\n{{agent_name}}',
    },
  },
  questions: {
    account_id: {
      title: 'Nach der Konto-ID fragen',
      body: 'Könnten Sie uns Ihre Ferrowick-Konto-ID nennen (sie beginnt mit „acct-“ und steht unter Einstellungen → Unternehmensprofil)?',
    },
    time_window: {
      title: 'Nach dem Zeitpunkt fragen',
      body: 'Wann ist Ihnen das zuerst aufgefallen (eine ungefähre Uhrzeit mit Zeitzone genügt, sie hilft uns, die richtigen Protokolle zu finden), und tritt es weiterhin auf?',
    },
    reproduction_steps: {
      title: 'Nach Schritten zur Reproduktion fragen',
      body: 'Könnten Sie uns die Schritte beschreiben, die zu dem Problem führen, beginnend mit der Seite, dem Bildschirm oder dem API-Aufruf, mit dem Sie anfangen?',
    },
    environment: {
      title: 'Nach Browser, App- oder SDK-Version fragen',
      body: 'In welcher Umgebung tritt das auf: Browser und dessen Version, App-Version mit Gerät und Betriebssystem, oder API-Client und SDK-Version?',
    },
    affected_users: {
      title: 'Nach der Zahl betroffener Nutzer fragen',
      body: 'Wie viele Ihrer Nutzer sind ungefähr betroffen: alle, ein bestimmtes Team oder ein Standort, oder eine einzelne Person?',
    },
    permissions: {
      title: 'Nach der Rolle fragen',
      body: 'Welche Rolle hat die betroffene Person in Ferrowick (zum Beispiel Owner, Admin, Finance oder Member)?',
    },
    customer_authorization: {
      title: 'Freigabe durch einen Administrator erbitten',
      body: 'Bevor wir diese Änderung vornehmen: Könnte der aktuelle Kontoinhaber oder ein anderer Administrator auf Ihrer Seite in diesem Ticket bestätigen, dass er sie freigibt?',
    },
    error_text: {
      title: 'Nach der genauen Fehlermeldung fragen',
      body: 'Könnten Sie uns die genaue Fehlermeldung oder den Fehlercode schicken (ein Bildschirmfoto genügt), einschließlich der Request-ID, falls eine angezeigt wird?',
    },
    order_or_invoice: {
      title: 'Nach der Rechnungs- oder Bestellnummer fragen',
      body: 'Um welche Rechnung oder Bestellung geht es (die Nummer oben rechts im Rechnungs-PDF, im Format INV-JJJJ-NNNN)?',
    },
  },
};

const FR: Texts = {
  drafts: {
    'ack-standard': {
      title: 'Accuser réception et prendre en charge',
      body: "Bonjour {{customer_name}},\n\nMerci de nous avoir contactés au sujet de {{product_name}}. J'ai pris en charge votre demande ({{case_ref}}) et j'examine les informations que vous avez envoyées, ainsi que ce que nous voyons de notre côté.\n\nJe publierai ma prochaine mise à jour dans ce ticket.\n\nCordialement,\n{{agent_name}}",
    },
    'request-info-checklist': {
      title: 'Demander les informations manquantes',
      body: "Bonjour {{customer_name}},\n\nMerci pour les informations déjà transmises sur {{case_ref}}. Pour bien analyser la situation, pourriez-vous nous aider avec les points suivants ?\n\n{{missing_questions}}\n\nDès que nous les aurons, nous poursuivrons l'analyse.\n\nCordialement,\n{{agent_name}}",
    },
    'known-issue-update': {
      title: 'Rattacher le cas à un problème connu',
      body: "Bonjour {{customer_name}},\n\nCe que vous décrivez dans {{case_ref}} correspond à un problème connu de {{product_name}}, suivi par notre équipe technique : « {{known_issue_title}} ».\n\nNous y avons rattaché votre ticket : vous serez informé ici de tout changement de statut. Vous pouvez aussi le suivre sur notre page d'état : {{status_page_url}}\n\nCordialement,\n{{agent_name}}",
    },
    'workaround-offer': {
      title: 'Proposer un contournement documenté',
      body: "Bonjour {{customer_name}},\n\nPendant que nous travaillons sur {{case_ref}}, voici un contournement qui a aidé d'autres clients confrontés à « {{known_issue_title}} » :\n\n{{workaround}}\n\nMerci de nous dire s'il vous permet de continuer.\n\nCordialement,\n{{agent_name}}",
    },
    'incident-update': {
      title: 'Informer le client d’un incident en cours',
      body: "Bonjour {{customer_name}},\n\nMerci pour votre signalement. Nous traitons actuellement un incident qui touche {{product_name}} : « {{incident_title}} ». Statut actuel : {{incident_status}}.\n\nNos équipes y travaillent, et la page d'état donne les dernières nouvelles : {{status_page_url}}\n\nVotre ticket {{case_ref}} est rattaché à l'incident ; nous vous écrirons ici lorsqu'il sera résolu.\n\nCordialement,\n{{agent_name}}",
    },
    'resolution-summary': {
      title: 'Expliquer ce qui a été trouvé et corrigé',
      body: 'Bonjour {{customer_name}},\n\nVoici un résumé de ce que nous avons constaté dans {{case_ref}} et de ce qui a été fait :\n\n{{resolution_summary}}\n\nSi quelque chose ne vous semble toujours pas correct, répondez simplement à ce message et le ticket sera rouvert.\n\nCordialement,\n{{agent_name}}',
    },
    'escalation-notice': {
      title: 'Informer le client de l’escalade',
      body: "Bonjour {{customer_name}},\n\nJ'ai transmis {{case_ref}} à notre équipe {{queue_name}}, spécialiste de {{product_name}}. Elle dispose de tout l'historique de ce ticket : vous n'aurez rien à répéter.\n\nNous vous tiendrons informé ici.\n\nCordialement,\n{{agent_name}}",
    },
  },
  questions: {
    account_id: {
      title: "Demander l'identifiant de compte",
      body: "Pourriez-vous nous indiquer votre identifiant de compte Ferrowick (il commence par « acct- » et figure dans Paramètres → Profil de l'entreprise) ?",
    },
    time_window: {
      title: 'Demander quand cela s’est produit',
      body: 'Quand avez-vous remarqué cela pour la première fois (une heure approximative avec votre fuseau horaire suffit, elle nous aide à trouver les bons journaux) et cela se produit-il encore ?',
    },
    reproduction_steps: {
      title: 'Demander les étapes pour reproduire',
      body: "Pourriez-vous nous décrire les étapes qui mènent au problème, en partant de la page, de l'écran ou de l'appel d'API par lequel vous commencez ?",
    },
    environment: {
      title: 'Demander le navigateur, la version de l’app ou du SDK',
      body: "Dans quel environnement cela se produit-il : le navigateur et sa version, la version de l'application avec l'appareil et le système d'exploitation, ou le client d'API et la version du SDK ?",
    },
    affected_users: {
      title: "Demander combien d'utilisateurs sont touchés",
      body: 'Combien de vos utilisateurs sont touchés, à peu près : tout le monde, une équipe ou un site en particulier, ou une seule personne ?',
    },
    permissions: {
      title: "Demander le rôle de l'utilisateur",
      body: 'Quel rôle la personne concernée a-t-elle dans Ferrowick (par exemple Owner, Admin, Finance ou Member) ?',
    },
    customer_authorization: {
      title: "Demander l'autorisation d'un administrateur",
      body: "Avant d'effectuer ce changement, le propriétaire actuel du compte ou un autre administrateur de votre côté pourrait-il confirmer dans ce ticket qu'il l'autorise ?",
    },
    error_text: {
      title: "Demander le message d'erreur exact",
      body: "Pourriez-vous nous transmettre le message ou le code d'erreur exact (une capture d'écran convient), avec l'identifiant de requête s'il est affiché ?",
    },
    order_or_invoice: {
      title: 'Demander le numéro de facture ou de commande',
      body: 'De quelle facture ou commande s’agit-il (le numéro en haut à droite du PDF de la facture, au format INV-AAAA-NNNN) ?',
    },
  },
};

const ES: Texts = {
  drafts: {
    'ack-standard': {
      title: 'Confirmar la recepción y asumir el caso',
      body: 'Hola, {{customer_name}}:\n\nGracias por escribirnos sobre {{product_name}}. He asumido su solicitud ({{case_ref}}) y estoy revisando los datos que nos envió junto con lo que vemos en nuestros sistemas.\n\nPublicaré mi próxima actualización en este ticket.\n\nSaludos cordiales,\n{{agent_name}}',
    },
    'request-info-checklist': {
      title: 'Pedir los datos que faltan',
      body: 'Hola, {{customer_name}}:\n\nGracias por los datos enviados sobre {{case_ref}}. Para investigarlo a fondo, ¿podría ayudarnos con lo siguiente?\n\n{{missing_questions}}\n\nEn cuanto los tengamos, continuaremos con la investigación.\n\nSaludos cordiales,\n{{agent_name}}',
    },
    'known-issue-update': {
      title: 'Vincular el caso a un problema conocido',
      body: 'Hola, {{customer_name}}:\n\nLo que describe en {{case_ref}} coincide con un problema conocido de {{product_name}} que nuestro equipo técnico está siguiendo: «{{known_issue_title}}».\n\nHemos vinculado su ticket, así que le avisaremos aquí cuando cambie su estado. También puede seguirlo en nuestra página de estado: {{status_page_url}}\n\nSaludos cordiales,\n{{agent_name}}',
    },
    'workaround-offer': {
      title: 'Ofrecer una solución alternativa documentada',
      body: 'Hola, {{customer_name}}:\n\nMientras trabajamos en {{case_ref}}, le enviamos una solución alternativa que ha ayudado a otros clientes con «{{known_issue_title}}»:\n\n{{workaround}}\n\nIndíquenos, por favor, si le permite continuar.\n\nSaludos cordiales,\n{{agent_name}}',
    },
    'incident-update': {
      title: 'Informar de una incidencia abierta',
      body: 'Hola, {{customer_name}}:\n\nGracias por avisarnos. Estamos gestionando una incidencia que afecta a {{product_name}}: «{{incident_title}}». Estado actual: {{incident_status}}.\n\nNuestro equipo está trabajando en ello, y la página de estado tiene la información más reciente: {{status_page_url}}\n\nSu ticket {{case_ref}} está vinculado a la incidencia y le escribiremos aquí cuando se haya resuelto.\n\nSaludos cordiales,\n{{agent_name}}',
    },
    'resolution-summary': {
      title: 'Explicar qué se encontró y qué se corrigió',
      body: 'Hola, {{customer_name}}:\n\nEste es un resumen de lo que encontramos en {{case_ref}} y de lo que se ha hecho:\n\n{{resolution_summary}}\n\nSi algo sigue sin estar bien, responda a este mensaje y el ticket se volverá a abrir.\n\nSaludos cordiales,\n{{agent_name}}',
    },
    'escalation-notice': {
      title: 'Informar de que el caso se ha escalado',
      body: 'Hola, {{customer_name}}:\n\nHe escalado {{case_ref}} a nuestro equipo {{queue_name}}, especializado en {{product_name}}. Tienen todo el historial de este ticket, así que no tendrá que repetir nada.\n\nLe mantendremos informado aquí.\n\nSaludos cordiales,\n{{agent_name}}',
    },
  },
  questions: {
    account_id: {
      title: 'Pedir el ID de cuenta',
      body: '¿Podría indicarnos su ID de cuenta de Ferrowick (empieza por «acct-» y aparece en Configuración → Perfil de la empresa)?',
    },
    time_window: {
      title: 'Preguntar cuándo ocurrió',
      body: '¿Cuándo lo notó por primera vez (basta una hora aproximada con su zona horaria, nos ayuda a encontrar los registros correctos) y sigue ocurriendo?',
    },
    reproduction_steps: {
      title: 'Pedir los pasos para reproducirlo',
      body: '¿Podría describirnos los pasos que llevan al problema, empezando por la página, la pantalla o la llamada a la API desde la que parte?',
    },
    environment: {
      title: 'Pedir el navegador o la versión de la app o del SDK',
      body: '¿En qué entorno ocurre: el navegador y su versión, la versión de la app con el dispositivo y el sistema operativo, o el cliente de la API y la versión del SDK?',
    },
    affected_users: {
      title: 'Preguntar cuántos usuarios están afectados',
      body: '¿Aproximadamente cuántos de sus usuarios están afectados: todos, un equipo o una sede concreta, o una sola persona?',
    },
    permissions: {
      title: 'Preguntar el rol del usuario',
      body: '¿Qué rol tiene la persona afectada en Ferrowick (por ejemplo Owner, Admin, Finance o Member)?',
    },
    customer_authorization: {
      title: 'Pedir la autorización de un administrador',
      body: 'Antes de hacer este cambio, ¿podría el propietario actual de la cuenta u otro administrador de su empresa confirmar en este ticket que lo autoriza?',
    },
    error_text: {
      title: 'Pedir el mensaje de error exacto',
      body: '¿Podría enviarnos el mensaje o código de error exacto (una captura de pantalla sirve), incluido el ID de solicitud si aparece?',
    },
    order_or_invoice: {
      title: 'Pedir el número de factura o de pedido',
      body: '¿A qué factura o pedido se refiere (el número en la parte superior derecha del PDF de la factura, con el formato INV-AAAA-NNNN)?',
    },
  },
};

function templatesFor(locale: Locale, texts: Texts): TemplateDef[] {
  const drafts = (Object.keys(KINDS) as (keyof typeof KINDS)[]).map((id): TemplateDef => ({
    id: `${id}.${locale}`,
    kind: KINDS[id],
    locale,
    version: 1,
    title: texts.drafts[id].title,
    body: texts.drafts[id].body,
    // Same risk as the English original: a resolution states a root cause in any language.
    riskClasses: id === 'resolution-summary' ? ['root-cause-statement'] : [],
  }));
  const questions = (Object.keys(QUESTION_IDS) as MissingKey[]).map((key): TemplateDef => ({
    id: `${QUESTION_IDS[key]}.${locale}`,
    kind: 'question',
    locale,
    version: 1,
    title: texts.questions[key].title,
    body: texts.questions[key].body,
    riskClasses: [],
    missingKey: key,
  }));
  return [...drafts, ...questions];
}

/**
 * The demo tenant's approved language in German, French and Spanish: every draft kind and every
 * missing-data question, each with its own id (`<english id>.<locale>`) and version.
 */
export const LOCALIZED_TEMPLATES: TemplateDef[] = [
  ...templatesFor('de', DE),
  ...templatesFor('fr', FR),
  ...templatesFor('es', ES),
];
