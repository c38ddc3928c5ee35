import { Router } from 'express';
import { AppError } from '../../../common/errors';
import { PublishTemplateRequest, type TemplateLibrary } from '../../../usecases/manage-templates';
import { requireAuth } from '../../locals';
import { jsonBody } from '../../middleware/json-body';
import { validate } from '../../middleware/validate';
import { sendOk } from '../../respond';

/**
 * The approved-language library under `/v1/admin`. Anyone signed in may read it (the sidebars show which
 * template a draft came from); only a workspace admin publishes.
 *
 * - `GET /admin/templates` — every version of every template
 * - `POST /admin/templates` — publish the next version of a template (201)
 */
export function templatesRouter(options: { templates: TemplateLibrary }): Router {
  const { templates } = options;
  const router = Router();

  router.get('/admin/templates', async function listTemplates(_req, res) {
    sendOk(res, 200, await templates.list(requireAuth(res).tenant));
  });

  const publishInput = validate({ body: PublishTemplateRequest });
  router.post('/admin/templates', ...jsonBody(), publishInput, async function publishTemplate(_req, res) {
    const auth = requireAuth(res);
    const roles = auth.roles ?? (auth.actor.role === undefined ? [] : [auth.actor.role]);
    if (!roles.includes('admin')) {
      throw new AppError('forbidden', 'Only a workspace admin can publish approved language.');
    }
    sendOk(res, 201, await templates.publish(auth.tenant, auth.actor, publishInput.get(res).body));
  });

  return router;
}
