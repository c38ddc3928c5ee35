export { jiraConnector, boundToWindow, signatureOf } from './connector';
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
