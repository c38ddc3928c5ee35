import { Router } from 'express';
import { buildOpenApiDocument } from '../../openapi';

export interface OpenApiRouterOptions {
  serverUrl?: string | undefined;
}

/**
 * `GET /openapi.json`: the generated document, served as-is (tools expect a bare document, not the
 * envelope). Public: it describes shapes, never data.
 */
export function openApiRouter(options: OpenApiRouterOptions = {}): Router {
  const router = Router();
  const document = buildOpenApiDocument(options);
  router.get('/openapi.json', function openApi(_req, res) {
    res.status(200).json(document);
  });
  return router;
}
