import type { FlagKey } from '../contracts/classification';
import type { DraftKind } from '../contracts/draft';
import type { MatchKind } from '../contracts/match';

/** The languages the sidebars speak; `en` is the fallback for everything else. */
export const VIEW_LOCALES = ['en', 'de', 'fr', 'es'] as const;
export type ViewLocale = (typeof VIEW_LOCALES)[number];

/** The names of the packet's parts that a sidebar shows as labels, by key. */
export interface ViewLabels {
  dimension: Record<
    | 'product'
    | 'severity'
    | 'sla'
    | 'customer_tier'
    | 'channel'
    | 'sentiment'
    | 'business_impact'
    | 'prior_escalations'
    | 'service_state'
    | 'language',
    string
  >;
  flag: Record<FlagKey, string>;
  match: Record<MatchKind, string>;
  /** The evidence kinds the missing-data detector asks for; a tenant's own keys are shown humanised. */
  missing: Record<
    | 'account_id'
    | 'time_window'
    | 'reproduction_steps'
    | 'environment'
    | 'affected_users'
    | 'permissions'
    | 'customer_authorization'
    | 'error_text'
    | 'order_or_invoice',
    string
  >;
  draft: Record<DraftKind, string>;
}

/**
 * Every label in every language: a full record per language, so that a new dimension, flag, match
 * kind, missing-evidence key or draft kind does not compile until each language names it.
 */
export const VIEW_LABELS: Record<ViewLocale, ViewLabels> = {
  en: {
    dimension: {
      product: 'Product',
      severity: 'Severity',
      sla: 'SLA',
      customer_tier: 'Tier',
      channel: 'Channel',
      sentiment: 'Sentiment',
      business_impact: 'Impact',
      prior_escalations: 'Prior escalations',
      service_state: 'Service',
      language: 'Language',
    },
    flag: {
      routine: 'Routine',
      known: 'Known issue',
      'missing-evidence': 'Missing evidence',
      'customer-impacting': 'Customer-impacting',
      engineering: 'Engineering',
      billing: 'Billing',
      'unsafe-for-automation': 'Unsafe for automation',
    },
    match: {
      'known-issue': 'Known issues',
      incident: 'Incidents',
      defect: 'Defects',
      release: 'Releases',
      'troubleshooting-step': 'Troubleshooting steps',
      'similar-case': 'Similar resolved cases',
    },
    missing: {
      account_id: 'Account id',
      time_window: 'When it happened',
      reproduction_steps: 'Steps to reproduce',
      environment: 'Device, browser or app version',
      affected_users: 'Number of affected users',
      permissions: 'Permissions and role',
      customer_authorization: 'Customer authorization',
      error_text: 'Exact error text or screenshot',
      order_or_invoice: 'Order or invoice number',
    },
    draft: {
      acknowledgement: 'Acknowledgement',
      'request-info': 'Request info',
      'known-issue-update': 'Known issue update',
      workaround: 'Workaround',
      'incident-update': 'Incident update',
      resolution: 'Resolution',
      'escalation-notice': 'Escalation notice',
    },
  },
  de: {
    dimension: {
      product: 'Produkt',
      severity: 'Schweregrad',
      sla: 'SLA',
      customer_tier: 'Kundenstufe',
      channel: 'Kanal',
      sentiment: 'Stimmung',
      business_impact: 'Auswirkung',
      prior_escalations: 'Frühere Eskalationen',
      service_state: 'Dienst',
      language: 'Sprache',
    },
    flag: {
      routine: 'Routine',
      known: 'Bekanntes Problem',
      'missing-evidence': 'Fehlende Belege',
      'customer-impacting': 'Kundenwirksam',
      engineering: 'Entwicklung',
      billing: 'Abrechnung',
      'unsafe-for-automation': 'Nicht automatisierbar',
    },
    match: {
      'known-issue': 'Bekannte Probleme',
      incident: 'Störungen',
      defect: 'Fehler',
      release: 'Releases',
      'troubleshooting-step': 'Schritte zur Fehlersuche',
      'similar-case': 'Ähnliche gelöste Fälle',
    },
    missing: {
      account_id: 'Konto-ID',
      time_window: 'Wann es passiert ist',
      reproduction_steps: 'Schritte zum Nachstellen',
      environment: 'Gerät, Browser oder App-Version',
      affected_users: 'Anzahl betroffener Nutzer',
      permissions: 'Berechtigungen und Rolle',
      customer_authorization: 'Zustimmung des Kunden',
      error_text: 'Genauer Fehlertext oder Screenshot',
      order_or_invoice: 'Bestell- oder Rechnungsnummer',
    },
    draft: {
      acknowledgement: 'Eingangsbestätigung',
      'request-info': 'Rückfrage',
      'known-issue-update': 'Stand zum bekannten Problem',
      workaround: 'Umgehungslösung',
      'incident-update': 'Stand zur Störung',
      resolution: 'Lösung',
      'escalation-notice': 'Eskalationshinweis',
    },
  },
  fr: {
    dimension: {
      product: 'Produit',
      severity: 'Gravité',
      sla: 'SLA',
      customer_tier: 'Niveau client',
      channel: 'Canal',
      sentiment: 'Ton',
      business_impact: 'Impact',
      prior_escalations: 'Escalades précédentes',
      service_state: 'Service',
      language: 'Langue',
    },
    flag: {
      routine: 'Routine',
      known: 'Problème connu',
      'missing-evidence': 'Éléments manquants',
      'customer-impacting': 'Impact client',
      engineering: 'Ingénierie',
      billing: 'Facturation',
      'unsafe-for-automation': 'Non automatisable',
    },
    match: {
      'known-issue': 'Problèmes connus',
      incident: 'Incidents',
      defect: 'Anomalies',
      release: 'Versions',
      'troubleshooting-step': 'Étapes de dépannage',
      'similar-case': 'Cas similaires résolus',
    },
    missing: {
      account_id: 'Identifiant du compte',
      time_window: 'Quand cela s’est produit',
      reproduction_steps: 'Étapes pour reproduire',
      environment: 'Appareil, navigateur ou version de l’app',
      affected_users: 'Nombre d’utilisateurs touchés',
      permissions: 'Droits et rôle',
      customer_authorization: 'Autorisation du client',
      error_text: 'Texte exact de l’erreur ou capture d’écran',
      order_or_invoice: 'Numéro de commande ou de facture',
    },
    draft: {
      acknowledgement: 'Accusé de réception',
      'request-info': 'Demande d’informations',
      'known-issue-update': 'Point sur le problème connu',
      workaround: 'Solution de contournement',
      'incident-update': 'Point sur l’incident',
      resolution: 'Résolution',
      'escalation-notice': 'Avis d’escalade',
    },
  },
  es: {
    dimension: {
      product: 'Producto',
      severity: 'Gravedad',
      sla: 'SLA',
      customer_tier: 'Nivel de cliente',
      channel: 'Canal',
      sentiment: 'Tono',
      business_impact: 'Impacto',
      prior_escalations: 'Escalados previos',
      service_state: 'Servicio',
      language: 'Idioma',
    },
    flag: {
      routine: 'Rutina',
      known: 'Problema conocido',
      'missing-evidence': 'Faltan evidencias',
      'customer-impacting': 'Afecta al cliente',
      engineering: 'Ingeniería',
      billing: 'Facturación',
      'unsafe-for-automation': 'No automatizable',
    },
    match: {
      'known-issue': 'Problemas conocidos',
      incident: 'Incidentes',
      defect: 'Defectos',
      release: 'Versiones',
      'troubleshooting-step': 'Pasos de diagnóstico',
      'similar-case': 'Casos similares resueltos',
    },
    missing: {
      account_id: 'ID de cuenta',
      time_window: 'Cuándo ocurrió',
      reproduction_steps: 'Pasos para reproducirlo',
      environment: 'Dispositivo, navegador o versión de la app',
      affected_users: 'Número de usuarios afectados',
      permissions: 'Permisos y rol',
      customer_authorization: 'Autorización del cliente',
      error_text: 'Texto exacto del error o captura de pantalla',
      order_or_invoice: 'Número de pedido o de factura',
    },
    draft: {
      acknowledgement: 'Acuse de recibo',
      'request-info': 'Solicitud de información',
      'known-issue-update': 'Novedades del problema conocido',
      workaround: 'Solución alternativa',
      'incident-update': 'Novedades del incidente',
      resolution: 'Resolución',
      'escalation-notice': 'Aviso de escalado',
    },
  },
};

/** The labels for a desk locale (`de`, `fr-ca`, `es-419`, `pt-BR`...): its language, else English. */
export function viewLabels(locale: string | undefined): ViewLabels {
  const language = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return VIEW_LABELS[VIEW_LOCALES.find((l) => l === language) ?? 'en'];
}

/** One label by key, or `fallback` when the key is not one the product names (a tenant's own). */
export function labelIn(labels: ViewLabels, group: keyof ViewLabels, key: string, fallback: string): string {
  const names: Readonly<Record<string, string>> = labels[group];
  return Object.hasOwn(names, key) ? (names[key] ?? fallback) : fallback;
}
