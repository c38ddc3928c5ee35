import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@triage/shared';
import { buildOpenApiDocument, type JsonObject } from './openapi';
import { createTestApp, TOKEN_A } from './testing';

interface ServedRoute {
  method: string;
  path: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The routes an Express 5 app really serves, read from its router stack (router 2.x keeps each layer's
 * mount path as `rawPath`). Paths are converted to OpenAPI's `{param}` form.
 */
function servedRoutes(stack: unknown, prefix = ''): ServedRoute[] {
  if (!Array.isArray(stack)) return [];
  const out: ServedRoute[] = [];
  for (const layer of stack as unknown[]) {
    if (!isRecord(layer)) continue;
    const route = layer.route;
    if (isRecord(route) && typeof route.path === 'string' && isRecord(route.methods)) {
      for (const [method, enabled] of Object.entries(route.methods)) {
        if (enabled === true && method !== '_all') {
          out.push({ method, path: `${prefix}${route.path}`.replace(/:(\w+)/g, '{$1}') });
        }
      }
      continue;
    }
    const handle = layer.handle;
    if (typeof handle === 'function' && 'stack' in handle) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      out.push(...servedRoutes(handle.stack, `${prefix}${mount}`));
    }
  }
  return out;
}

/** Every `$ref` in a JSON value. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refs(v)));
}

describe('GET /openapi.json', () => {
  it('serves an OpenAPI 3.1 document without authentication', async () => {
    const { app } = createTestApp();
    const res = await request(app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      openapi: '3.1.0',
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    });
  });

  it('lists every route the app serves, with its method', () => {
    const { app } = createTestApp();
    const doc = buildOpenApiDocument();
    const served = servedRoutes(app.router.stack);
    expect(served.filter((r) => r.path.startsWith('/v1/')).length).toBeGreaterThanOrEqual(5);
    for (const route of served) {
      const pathItem = doc.paths[route.path];
      expect(pathItem, `${route.method.toUpperCase()} ${route.path}`).toBeDefined();
      expect(Object.keys(pathItem ?? {}), `${route.method.toUpperCase()} ${route.path}`).toContain(
        route.method,
      );
    }
  });

  it('documents only routes that exist', async () => {
    const { app } = createTestApp();
    const doc = buildOpenApiDocument();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        const concrete = path
          .replace('{caseRef}', 'ZD-1')
          .replace('{id}', 'x')
          .replace('{actionId}', 'pkt_1~a');
        const agent = request(app);
        const pending =
          method === 'get'
            ? agent.get(concrete)
            : method === 'put'
              ? agent.put(concrete)
              : method === 'delete'
                ? agent.delete(concrete)
                : agent.post(concrete);
        const res = await pending.set('Authorization', `Bearer ${TOKEN_A}`);
        // A missing route and a missing record both answer 404; only the router's own message means the
        // route does not exist.
        const message = (res.body as { error?: { message?: string } }).error?.message;
        expect(
          res.status === 404 && message === 'No route matches this method and path.',
          `${method} ${path}`,
        ).toBe(false);
      }
    }
  });

  it('references TriagePacket from the packet responses', () => {
    const doc = buildOpenApiDocument();
    const packetRoutes: [string, 'get' | 'post', string][] = [
      ['/v1/cases/{caseRef}/packet', 'get', '200'],
      ['/v1/cases/{caseRef}/packet', 'post', '200'],
      ['/v1/packets', 'post', '201'],
    ];
    for (const [path, method, status] of packetRoutes) {
      const op = doc.paths[path]?.[method];
      const responses = op?.responses;
      expect(isRecord(responses)).toBe(true);
      const ok = isRecord(responses) ? responses[status] : undefined;
      expect(refs(ok)).toContain('#/components/schemas/TriagePacket');
    }
    expect(doc.components.schemas.TriagePacket).toMatchObject({ type: 'object' });
  });

  it('resolves every $ref, publishes the stable error codes, and secures /v1 with the bearer scheme', () => {
    const doc = buildOpenApiDocument();
    for (const r of refs(doc)) {
      expect(r.startsWith('#/components/schemas/'), r).toBe(true);
      expect(doc.components.schemas[r.slice('#/components/schemas/'.length)], r).toBeDefined();
    }
    const codeEnum = (
      (doc.components.schemas.ErrorBody?.properties as JsonObject | undefined)?.code as JsonObject | undefined
    )?.enum;
    expect(codeEnum).toEqual(ERROR_CODES);
    expect(refs(doc.components.schemas.BuildPacketRequest)).toContain('#/components/schemas/CaseRecord');
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/healthz']?.get?.security).toEqual([]);
    const listErrors = doc.paths['/v1/cases']?.get?.responses;
    expect(Object.keys(isRecord(listErrors) ? listErrors : {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '500']),
    );
  });
});
