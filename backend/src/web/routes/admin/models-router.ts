import { Router } from 'express';
import { AppError } from '../../../common/errors';
import type { ModelAdmin } from '../../../usecases/manage-models';
import { requireAuth } from '../../locals';
import { sendOk } from '../../respond';

/**
 * The tenant's model versions under `/v1/admin`. Anyone signed in may read them (a packet names the
 * version it was built with); only a workspace admin rolls back.
 *
 * - `GET /admin/models` — every version, the current one first, with its training figures
 * - `POST /admin/models/rollback` — retire the current version and go back to the one before (no body)
 */
export function modelsRouter(options: { models: ModelAdmin }): Router {
  const { models } = options;
  const router = Router();

  router.get('/admin/models', async function listModels(_req, res) {
    sendOk(res, 200, await models.list(requireAuth(res).tenant));
  });

  router.post('/admin/models/rollback', async function rollbackModel(_req, res) {
    const auth = requireAuth(res);
    const roles = auth.roles ?? (auth.actor.role === undefined ? [] : [auth.actor.role]);
    if (!roles.includes('admin')) {
      throw new AppError('forbidden', 'Only a workspace admin can roll the model back.');
    }
    sendOk(res, 200, await models.rollback(auth.tenant, auth.actor));
  });

  return router;
}
