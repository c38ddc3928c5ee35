import { Router } from 'express';
import { BuildPacketRequest } from '@triage/shared';
import type { TriageService } from '../../../usecases/triage-service';
import { requireAuth } from '../../locals';
import { jsonBody } from '../../middleware/json-body';
import { validate } from '../../middleware/validate';
import { sendOk } from '../../respond';

export interface PacketsRouterOptions {
  services: TriageService;
}

/**
 * `POST /packets` with `{ case: CaseRecord }` → stores the case for the caller's tenant and builds its
 * packet (201). Body limit: the default 1 MB JSON limit.
 */
export function packetsRouter(options: PacketsRouterOptions): Router {
  const { services } = options;
  const router = Router();

  const buildInput = validate({ body: BuildPacketRequest });
  router.post('/packets', ...jsonBody(), buildInput, async function buildPacket(_req, res) {
    const { body } = buildInput.get(res);
    sendOk(res, 201, await services.buildPacketForRecord(requireAuth(res).tenant, body.case));
  });

  return router;
}
