import type { ConnectorDefinition } from '../definition';
import { configSchema, secretsSchema } from './config';
import { jiraConnector as jiraSource } from './connector';
import { createJiraWriteBack } from './write-back';

export { boundToWindow, signatureOf } from './connector';

/**
 * Jira / JSM: request and known-issue evidence, and write-backs for two proposal target systems: `jsm`
 * (comments, labels and participants on the request, ref = its issue key) and `jira` (an engineering
 * issue, ref = the project key). One target serves both, since both go to the same site.
 */
export const jiraConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  ...jiraSource,
  writeSystems: ['jsm', 'jira'],
  createWriteBack: (options) => createJiraWriteBack(options),
};
export {
  configSchema as jiraConfigSchema,
  secretsSchema as jiraSecretsSchema,
  DEFAULT_DEFECT_JQL,
  DEFAULT_KNOWN_ISSUE_JQL,
  type JiraConfig,
  type JiraSecrets,
} from './config';
export { createJiraClient, type JiraClient } from './client';
export {
  createJiraWriteBack,
  jiraMarkerLabel,
  jiraMarkerProperty,
  JIRA_WRITE_ACTIONS,
  type JiraWriteBackOptions,
} from './write-back';
