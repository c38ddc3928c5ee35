import type { Express } from 'express';
import { createApp } from '../../app';
import { loadConfig, type Config } from '../../infrastructure/config';
import { createLogger, type Logger } from '../../infrastructure/logger';
import { AppError } from '../../common/errors';
import type { ActionService } from '../../usecases/manage-actions';
import { actionsRouter } from '../routes/actions/router';
import { adminRouter } from '../routes/admin/router';
import { templatesRouter } from '../routes/admin/templates-router';
import { modelsRouter } from '../routes/admin/models-router';
import type { TemplateLibrary } from '../../usecases/manage-templates';
import type { ModelAdmin } from '../../usecases/manage-models';
import { FakeTriageService } from './fake-triage-service';
import { createInMemoryConnectorAdmin } from '../../testing/connector-admin';

export const TENANT_A = 'acme';
export const TENANT_B = 'globex';
export const TOKEN_A = 'dev-token-acme-0123456789';
export const TOKEN_B = 'dev-token-globex-0123456789';

export interface TestApp {
  app: Express;
  services: FakeTriageService;
  config: Config;
  logger: Logger;
  /** Every log line the app wrote, as raw JSON text. */
  logLines: string[];
}

/** An action service with no actions: every lookup is a 404 (the flows tests use the real one). */
const noActions: ActionService = {
  listForCase: () => Promise.reject(new AppError('packet_not_found', 'No packet.')),
  detail: () => Promise.reject(new AppError('not_found', 'No such action in this workspace.')),
  edit: () => Promise.reject(new AppError('not_found', 'No such action in this workspace.')),
  approve: () => Promise.reject(new AppError('not_found', 'No such action in this workspace.')),
  reject: () => Promise.reject(new AppError('not_found', 'No such action in this workspace.')),
  revoke: () => Promise.reject(new AppError('not_found', 'No such action in this workspace.')),
  gate: () => Promise.resolve(false),
};

/** An empty template library that refuses to publish (the flows tests use the real one). */
const noTemplates: TemplateLibrary = {
  list: () => Promise.resolve({ templates: [] }),
  publish: () => Promise.reject(new AppError('forbidden', 'This workspace is not set up yet.')),
};

/** A tenant without a trained model (the flows tests use the real model admin). */
const noModels: ModelAdmin = {
  list: () => Promise.resolve({ versions: [] }),
  rollback: () =>
    Promise.reject(new AppError('conflict', 'There is no earlier model version to go back to.')),
};

/** The real app over the fake service, with two dev tenants and captured logs. */
export function createTestApp(
  options: { ready?: () => Promise<void>; env?: Record<string, string> } = {},
): TestApp {
  const logLines: string[] = [];
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DEV_TOKENS: `${TOKEN_A}=${TENANT_A},${TOKEN_B}=${TENANT_B}`,
    ...options.env,
  });
  const logger = createLogger({
    level: config.logLevel,
    destination: {
      write(line: string) {
        logLines.push(line);
      },
    },
  });
  const services = new FakeTriageService();
  const app = createApp({
    config,
    logger,
    services,
    ready: options.ready ?? (() => Promise.resolve()),
    apiRouters: [
      adminRouter({ connectors: createInMemoryConnectorAdmin() }),
      actionsRouter({ actions: noActions }),
      templatesRouter({ templates: noTemplates }),
      modelsRouter({ models: noModels }),
    ],
  });
  return { app, services, config, logger, logLines };
}
