import { changelogFeedConnector } from './changelog-feed';
import type { ConnectorDefinition } from './definition';
import { escalationQueueConnector } from './escalation-queue';
import { githubReleasesConnector } from './github-releases';
import { hubspotConnector } from './hubspot';
import { jiraConnector } from './jira';
import { lokiConnector } from './loki';
import { restOrdersConnector } from './rest-orders';
import { sentryConnector } from './sentry';
import { statuspageConnector } from './statuspage';
import { stripeConnector } from './stripe';
import { zendeskConnector } from './zendesk';

/** Every connector type the product ships, by type key. */
export const CONNECTOR_DEFINITIONS: readonly ConnectorDefinition[] = [
  zendeskConnector,
  jiraConnector,
  hubspotConnector,
  sentryConnector,
  statuspageConnector,
  githubReleasesConnector,
  changelogFeedConnector,
  lokiConnector,
  stripeConnector,
  restOrdersConnector,
  escalationQueueConnector,
];

export interface ConnectorCatalog {
  list(): readonly ConnectorDefinition[];
  byType(type: string): ConnectorDefinition | undefined;
}

/** A catalog over a list of definitions; duplicate type keys are a programming error. */
export function createCatalog(
  definitions: readonly ConnectorDefinition[] = CONNECTOR_DEFINITIONS,
): ConnectorCatalog {
  const byType = new Map<string, ConnectorDefinition>();
  for (const d of definitions) {
    if (byType.has(d.type)) throw new Error(`two connector definitions share the type "${d.type}"`);
    byType.set(d.type, d);
  }
  return { list: () => [...byType.values()], byType: (type) => byType.get(type) };
}
