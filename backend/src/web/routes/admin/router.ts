import { Router, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../../common/errors';
import {
  ConfigureConnectorRequest,
  ConnectorId,
  type ConnectorAdmin,
} from '../../../usecases/manage-connectors';
import { requireAuth, type AuthContext } from '../../locals';
import { jsonBody } from '../../middleware/json-body';
import { validate } from '../../middleware/validate';
import { sendOk } from '../../respond';

const IdParam = z.object({ id: ConnectorId });

function requireAdmin(res: Response): AuthContext {
  const auth = requireAuth(res);
  if (auth.actor.role !== 'admin')
    throw new AppError('forbidden', 'Only a workspace admin can manage connectors.');
  return auth;
}

/**
 * Connector administration under `/v1/admin`, for workspace admins only. Credentials are write-only:
 * no response ever contains them.
 *
 * - `GET /admin/connector-types` — the connector types and their configuration schemas
 * - `GET /admin/connectors` — configured connectors (no credentials)
 * - `PUT /admin/connectors/:id` — create or replace one (`secrets` optional on update)
 * - `DELETE /admin/connectors/:id`
 * - `POST /admin/connectors/:id/test` — one authenticated call; `{ ok, status, message }`
 */
export function adminRouter(options: { connectors: ConnectorAdmin }): Router {
  const { connectors } = options;
  const router = Router();

  router.get('/admin/connector-types', function connectorTypes(_req, res) {
    requireAdmin(res);
    sendOk(res, 200, { types: connectors.types() });
  });

  router.get('/admin/connectors', async function listConnectors(_req, res) {
    const { tenant } = requireAdmin(res);
    sendOk(res, 200, { connectors: await connectors.list(tenant) });
  });

  const putInput = validate({ params: IdParam, body: ConfigureConnectorRequest });
  router.put('/admin/connectors/:id', ...jsonBody(), putInput, async function configureConnector(_req, res) {
    const { tenant, actor } = requireAdmin(res);
    const { params, body } = putInput.get(res);
    sendOk(res, 200, await connectors.configure(tenant, actor, params.id, body));
  });

  const idInput = validate({ params: IdParam });
  router.delete('/admin/connectors/:id', idInput, async function removeConnector(_req, res) {
    const { tenant, actor } = requireAdmin(res);
    await connectors.remove(tenant, actor, idInput.get(res).params.id);
    sendOk(res, 200, { removed: true });
  });

  router.post('/admin/connectors/:id/test', idInput, async function testConnector(_req, res) {
    const { tenant, actor } = requireAdmin(res);
    sendOk(res, 200, await connectors.test(tenant, actor, idInput.get(res).params.id));
  });

  return router;
}
