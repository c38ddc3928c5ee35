import { Actor, DraftKind, MissingKey, RiskClass } from '@triage/shared';
import { z } from 'zod';
import { AppError } from '../common/errors';
import { hashJson } from '../common/hashing';
import { checkTemplate } from '../domain/drafting';
import { Template, TenantConfig } from '../domain/tenant-config';
import { createRepositories, type Db } from '../storage';

/** What an admin publishes: the version is assigned by the library, never chosen by the caller. */
export const PublishTemplateRequest = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'an id is lower-case letters, digits, dot, dash or underscore'),
  kind: z.union([DraftKind, z.literal('question')]),
  locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a locale is like en or pt-BR'),
  title: z.string().trim().min(1).max(200),
  body: z.string().min(1).max(5000),
  riskClasses: z.array(RiskClass).max(7).default([]),
  missingKey: MissingKey.optional(),
});
export type PublishTemplateRequest = z.infer<typeof PublishTemplateRequest>;

export const TemplateList = z.object({ templates: z.array(Template) });
export type TemplateList = z.infer<typeof TemplateList>;

export interface TemplateLibrary {
  /** Every version of every template, newest version first within an id. */
  list(tenant: string): Promise<TemplateList>;
  /**
   * Publishes the next version of a template (version 1 for a new id). Drafts use the newest version per
   * kind and locale from the next packet on; earlier versions stay for the record.
   *
   * @throws AppError `unprocessable` with the template's issues (unknown slot, stray braces, hidden
   * characters, an undeclared commitment), `validation_failed` when a question has no missing key.
   */
  publish(tenant: string, actor: Actor, request: PublishTemplateRequest): Promise<Template>;
}

/** The tenant's approved-language library, stored in its configuration and audited per version. */
export function createTemplateLibrary(deps: { db: Db }): TemplateLibrary {
  async function configOf(db: Db, tenant: string): Promise<{ name: string; config: TenantConfig }> {
    const stored = await createRepositories(db).tenants.get(tenant);
    const parsed = TenantConfig.safeParse(stored?.config);
    if (!stored || !parsed.success) {
      throw new AppError('forbidden', 'This workspace is not set up yet. Ask an admin to install the app.');
    }
    return { name: stored.name, config: parsed.data };
  }

  return {
    async list(tenant) {
      const { config } = await configOf(deps.db, tenant);
      const templates = [...config.templates].sort(
        (a, b) => a.id.localeCompare(b.id) || b.version - a.version,
      );
      return { templates };
    },

    async publish(tenant, actor, request) {
      if ((request.kind === 'question') !== (request.missingKey !== undefined)) {
        throw new AppError(
          'validation_failed',
          'A question template names its missing item; other kinds do not.',
          {
            issues: [{ path: 'body.missingKey', message: 'required for questions only' }],
          },
        );
      }
      const issues = checkTemplate(request);
      if (issues.length > 0) {
        throw new AppError('unprocessable', 'The template cannot join the approved library as written.', {
          issues: issues.map((i) => ({ path: `body.${i.code}`, message: i.message })),
        });
      }
      return deps.db.transaction(async (tx) => {
        // Serialises publishers of one tenant, so two never take the same version number.
        await tx.query('SELECT id FROM tenants WHERE id = $1 FOR UPDATE', [tenant]);
        const { name, config } = await configOf(tx, tenant);
        const previous = config.templates.filter((t) => t.id === request.id);
        const clash = previous.find((t) => t.kind !== request.kind || t.locale !== request.locale);
        if (clash) {
          throw new AppError(
            'conflict',
            `Template ${request.id} is a ${clash.kind} template in ${clash.locale}; publish a new id instead.`,
          );
        }
        const template: Template = {
          ...request,
          version: Math.max(0, ...previous.map((t) => t.version)) + 1,
        };
        const repos = createRepositories(tx);
        await repos.tenants.upsert({
          id: tenant,
          name,
          config: TenantConfig.parse({ ...config, templates: [...config.templates, template] }),
        });
        await repos.audit.append(tenant, {
          actor,
          action: 'template.published',
          object: { type: 'template', id: `${template.id}@${template.version}` },
          payloadHash: hashJson(template),
        });
        return template;
      });
    },
  };
}
