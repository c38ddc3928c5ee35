import { Router } from 'express';
import { CaseRefParam, ListCasesQuery, PacketQuery } from '@triage/shared';
import type { TriageService } from '../../../usecases/triage-service';
import { requireAuth } from '../../locals';
import { validate } from '../../middleware/validate';
import { sendOk } from '../../respond';

export interface CasesRouterOptions {
  services: TriageService;
}

/**
 * Case routes, mounted under `/v1` behind an authenticator. The tenant always comes from
 * `res.locals.auth`, never from the request.
 *
 * - `GET /cases?limit&cursor&status` → `listCases`
 * - `GET /cases/:caseRef/packet?refresh=true|false` → `getPacket` (cached unless `refresh=true`)
 * - `POST /cases/:caseRef/packet` → `getPacket` with `refresh` (rebuilds; takes no body)
 */
export function casesRouter(options: CasesRouterOptions): Router {
  const { services } = options;
  const router = Router();

  const listInput = validate({ query: ListCasesQuery });
  router.get('/cases', listInput, async function listCases(_req, res) {
    const { query } = listInput.get(res);
    sendOk(res, 200, await services.listCases(requireAuth(res).tenant, query));
  });

  const getInput = validate({ params: CaseRefParam, query: PacketQuery });
  router.get('/cases/:caseRef/packet', getInput, async function getPacket(_req, res) {
    const { params, query } = getInput.get(res);
    sendOk(
      res,
      200,
      await services.getPacket(requireAuth(res).tenant, params.caseRef, { refresh: query.refresh }),
    );
  });

  const refreshInput = validate({ params: CaseRefParam });
  router.post('/cases/:caseRef/packet', refreshInput, async function refreshPacket(_req, res) {
    const { params } = refreshInput.get(res);
    sendOk(res, 200, await services.getPacket(requireAuth(res).tenant, params.caseRef, { refresh: true }));
  });

  return router;
}
