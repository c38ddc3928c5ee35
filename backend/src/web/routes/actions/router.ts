import { Router, type Response } from 'express';
import {
  ActionIdParam,
  ApproveActionRequest,
  CaseRefParam,
  EditActionRequest,
  RejectActionRequest,
  RevokeActionRequest,
} from '@triage/shared';
import type { ActingPerson, ActionService } from '../../../usecases/manage-actions';
import { requireAuth } from '../../locals';
import { jsonBody } from '../../middleware/json-body';
import { validate } from '../../middleware/validate';
import { sendOk } from '../../respond';

export interface ActionsRouterOptions {
  actions: ActionService;
}

/** The acting person, from the verified token only; request bodies never name an actor or a tenant. */
function personOf(res: Response): ActingPerson {
  const auth = requireAuth(res);
  return { tenant: auth.tenant, actor: auth.actor, ...(auth.roles ? { roles: auth.roles } : {}) };
}

/**
 * The approval workflow, mounted under `/v1` behind the authenticator; both sidebars use it.
 *
 * - `GET /cases/:caseRef/actions` → the latest packet's actions with their approval and write-back state
 * - `GET /actions/:actionId` → one action and its audit history
 * - `POST /actions/:actionId/edit` `{ payloadHash, body }` → the new action (the old one is superseded)
 * - `POST /actions/:actionId/approve` `{ payloadHash }` → approved, write-back queued
 * - `POST /actions/:actionId/reject` `{ payloadHash, reason? }`
 * - `POST /actions/:actionId/revoke` `{ reason? }`
 *
 * Refusals answer 403 `forbidden` (role, four-eyes, policy) or 409 `conflict` (state, payload changed),
 * with the refusal's stable code in `error.reason`.
 */
export function actionsRouter(options: ActionsRouterOptions): Router {
  const { actions } = options;
  const router = Router();

  const listInput = validate({ params: CaseRefParam });
  router.get('/cases/:caseRef/actions', listInput, async function listActions(_req, res) {
    const { params } = listInput.get(res);
    sendOk(res, 200, await actions.listForCase(personOf(res), params.caseRef));
  });

  const detailInput = validate({ params: ActionIdParam });
  router.get('/actions/:actionId', detailInput, async function actionDetail(_req, res) {
    const { params } = detailInput.get(res);
    sendOk(res, 200, await actions.detail(personOf(res), params.actionId));
  });

  const editInput = validate({ params: ActionIdParam, body: EditActionRequest });
  router.post('/actions/:actionId/edit', ...jsonBody(), editInput, async function editAction(_req, res) {
    const { params, body } = editInput.get(res);
    sendOk(res, 201, await actions.edit(personOf(res), params.actionId, body));
  });

  const approveInput = validate({ params: ActionIdParam, body: ApproveActionRequest });
  router.post('/actions/:actionId/approve', ...jsonBody(), approveInput, async function approve(_req, res) {
    const { params, body } = approveInput.get(res);
    sendOk(res, 200, await actions.approve(personOf(res), params.actionId, body));
  });

  const rejectInput = validate({ params: ActionIdParam, body: RejectActionRequest });
  router.post('/actions/:actionId/reject', ...jsonBody(), rejectInput, async function reject(_req, res) {
    const { params, body } = rejectInput.get(res);
    sendOk(res, 200, await actions.reject(personOf(res), params.actionId, body));
  });

  const revokeInput = validate({ params: ActionIdParam, body: RevokeActionRequest });
  router.post('/actions/:actionId/revoke', ...jsonBody(), revokeInput, async function revoke(_req, res) {
    const { params, body } = revokeInput.get(res);
    sendOk(res, 200, await actions.revoke(personOf(res), params.actionId, body));
  });

  return router;
}
