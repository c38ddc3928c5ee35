import { Router } from 'express';
import { ImportHistoryRequest } from '@triage/shared';
import type { TriageService } from '../../../usecases/triage-service';
import { requireAuth } from '../../locals';
import { IMPORT_JSON_LIMIT_BYTES, jsonBody } from '../../middleware/json-body';
import { validate } from '../../middleware/validate';
import { sendOk } from '../../respond';

export interface HistoryRouterOptions {
  services: TriageService;
}

/**
 * `POST /history/import` with `ImportHistoryRequest` → imports a desk export into the caller's tenant
 * (200 with counts and per-line rejections). The only route with the larger 25 MB body limit.
 */
export function historyRouter(options: HistoryRouterOptions): Router {
  const { services } = options;
  const router = Router();

  const importInput = validate({ body: ImportHistoryRequest });
  router.post(
    '/history/import',
    ...jsonBody({ limitBytes: IMPORT_JSON_LIMIT_BYTES }),
    importInput,
    async function importHistory(_req, res) {
      const { body } = importInput.get(res);
      sendOk(res, 200, await services.importHistory(requireAuth(res).tenant, body));
    },
  );

  return router;
}
