import { z } from 'zod';
import { Template } from '../domain/tenant-config';
import { PublishTemplateRequest, TemplateList } from '../usecases/manage-templates';
import { ModelRollbackResponse, ModelVersionList } from '../usecases/manage-models';
import {
  ConfigureConnectorRequest,
  ConnectorId,
  ConnectorList,
  ConnectorTestResult,
  ConnectorTypeList,
  ConnectorView,
} from '../usecases/manage-connectors';
import {
  ActionDetailResponse,
  ActionIdParam,
  ActionView,
  ApproveActionRequest,
  CaseActionsResponse,
  EditActionRequest,
  RejectActionRequest,
  RevokeActionRequest,
  BuildPacketRequest,
  CaseRecord,
  CaseRefParam,
  CaseSummary,
  ERROR_STATUS,
  ErrorBody,
  ImportHistoryRequest,
  ImportHistoryResponse,
  JsonValue,
  ListCasesQuery,
  ListCasesResponse,
  PacketQuery,
  TriagePacket,
  type ErrorCode,
} from '@triage/shared';

/** A JSON Schema or OpenAPI object, as plain JSON. */
export type JsonObject = Record<string, unknown>;

/** The subset of an OpenAPI 3.1 document this service produces. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Partial<Record<'get' | 'post' | 'put' | 'delete', JsonObject>>>;
  components: {
    schemas: Record<string, JsonObject>;
    securitySchemes: Record<string, JsonObject>;
  };
}

const HealthStatus = z.object({ status: z.enum(['up', 'ready']) });

/** Schemas published under `components.schemas`, by the side of the wire they describe. */
const REQUEST_SCHEMAS = {
  CaseRecord,
  BuildPacketRequest,
  ImportHistoryRequest,
  ConfigureConnectorRequest,
  EditActionRequest,
  ApproveActionRequest,
  RejectActionRequest,
  RevokeActionRequest,
  PublishTemplateRequest,
} as const;
const ConnectorIdParam = z.object({ id: ConnectorId });
const RESPONSE_SCHEMAS = {
  TriagePacket,
  CaseSummary,
  ListCasesResponse,
  ImportHistoryResponse,
  ErrorBody,
  HealthStatus,
  ConnectorView,
  ConnectorList,
  ConnectorTestResult,
  ConnectorTypeList,
  ActionView,
  CaseActionsResponse,
  ActionDetailResponse,
  TemplateList,
  Template,
  ModelVersionList,
  ModelRollbackResponse,
  // Recursive: registering it names it, instead of zod parking it in a `__shared` bucket.
  JsonValue,
} as const;

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rewriteRefs(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (renames.size === 0) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => rewriteRefs(v, renames));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof v === 'string' ? (renames.get(v) ?? v) : rewriteRefs(v, renames);
  }
  return out;
}

/**
 * JSON Schema 2020-12 is OpenAPI 3.1's schema dialect, so zod's default target fits. Requests are
 * described as callers write them (`io: 'input'`: defaults optional, coerced query numbers), responses
 * as we send them (`io: 'output'`). Registered schemas reference each other by `$ref`.
 */
function generateComponents(): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  const sides = [
    { schemas: REQUEST_SCHEMAS, io: 'input' },
    { schemas: RESPONSE_SCHEMAS, io: 'output' },
  ] as const;
  for (const side of sides) {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(side.schemas)) registry.add(schema, { id });
    const generated = z.toJSONSchema(registry, {
      target: 'draft-2020-12',
      io: side.io,
      uri: (id) => `#/components/schemas/${id}`,
      // Refinements and transforms have no JSON Schema form; their structural schema is still right.
      unrepresentable: 'any',
    });
    // zod puts reused or recursive schemas that have no id into `__shared.$defs`, referenced as
    // `<uri of __shared>#/$defs/<name>`, which is not a valid component reference. Hoist each into its own
    // component and rewrite the references, so any future unnamed cycle still yields a valid document.
    const { __shared: shared, ...named } = generated.schemas;
    const hoisted = new Map<string, string>();
    for (const name of Object.keys(shared?.$defs ?? {})) {
      hoisted.set(`#/components/schemas/__shared#/$defs/${name}`, `#/components/schemas/${side.io}-${name}`);
    }
    const entries: [string, unknown][] = [
      ...Object.entries(named),
      ...Object.entries(shared?.$defs ?? {}).map(([name, def]): [string, unknown] => [
        `${side.io}-${name}`,
        def,
      ]),
    ];
    for (const [id, schema] of entries) {
      const rewritten = rewriteRefs(schema, hoisted);
      if (!isJsonObject(rewritten)) continue;
      // `$schema`/`$id` are implied: OpenAPI 3.1's default dialect is 2020-12, and a component's id is its key.
      const { $schema: _schema, $id: _id, ...rest } = rewritten;
      out[id] = rest;
    }
  }
  out.SuccessEnvelope = {
    type: 'object',
    required: ['ok', 'data'],
    properties: { ok: { const: true }, data: {} },
    description: 'Every successful response: `{ ok: true, data }`.',
  };
  out.ErrorEnvelope = {
    type: 'object',
    required: ['ok', 'error'],
    properties: { ok: { const: false }, error: ref('ErrorBody') },
    description: 'Every error response: `{ ok: false, error: { code, message, issues?, requestId } }`.',
  };
  return out;
}

function parameters(where: 'path' | 'query', schema: z.ZodType): JsonObject[] {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  const properties = (json.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set(json.required ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
  }));
}

function success(status: number, description: string, data: JsonObject): Record<string, JsonObject> {
  return {
    [String(status)]: {
      description,
      content: {
        'application/json': {
          schema: { allOf: [ref('SuccessEnvelope'), { properties: { data } }] },
        },
      },
    },
  };
}

/** Error responses grouped by status, each narrowing `error.code` to the stable codes this route can return. */
function errors(codes: readonly ErrorCode[]): Record<string, JsonObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes)
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const out: Record<string, JsonObject> = {};
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: statusCodes.join(', '),
      content: {
        'application/json': {
          schema: {
            allOf: [
              ref('ErrorEnvelope'),
              { properties: { error: { properties: { code: { enum: statusCodes } } } } },
            ],
          },
        },
      },
    };
  }
  return out;
}

function jsonRequest(schemaName: string): JsonObject {
  return { required: true, content: { 'application/json': { schema: ref(schemaName) } } };
}

/** Errors every authenticated `/v1` route can return. */
const V1_ERRORS: readonly ErrorCode[] = ['unauthenticated', 'internal'];
/** Errors of routes that take a JSON body. */
const BODY_ERRORS: readonly ErrorCode[] = [
  'invalid_json',
  'validation_failed',
  'payload_too_large',
  'unsupported_media_type',
];

function buildPaths(): OpenApiDocument['paths'] {
  const open = { security: [] };
  return {
    '/healthz': {
      get: {
        operationId: 'healthz',
        summary: 'Liveness: 200 whenever the process answers.',
        tags: ['health'],
        ...open,
        responses: { ...success(200, 'The process is up.', ref('HealthStatus')), ...errors(['internal']) },
      },
    },
    '/readyz': {
      get: {
        operationId: 'readyz',
        summary: 'Readiness: 200 when dependencies can serve, 503 otherwise.',
        tags: ['health'],
        ...open,
        responses: {
          ...success(200, 'Ready to serve.', ref('HealthStatus')),
          ...errors(['unavailable', 'internal']),
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This document (served as-is, not in the envelope).',
        tags: ['meta'],
        ...open,
        responses: {
          '200': {
            description: 'The OpenAPI 3.1 document.',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
        },
      },
    },
    '/v1/cases': {
      get: {
        operationId: 'listCases',
        summary: "List the caller's tenant's cases, newest first.",
        tags: ['cases'],
        parameters: parameters('query', ListCasesQuery),
        responses: {
          ...success(200, 'A page of cases.', ref('ListCasesResponse')),
          ...errors(['validation_failed', ...V1_ERRORS]),
        },
      },
    },
    '/v1/cases/{caseRef}/packet': {
      get: {
        operationId: 'getPacket',
        summary: "A case's triage packet: the cached one, built on demand, or rebuilt with refresh=true.",
        tags: ['packets'],
        parameters: [...parameters('path', CaseRefParam), ...parameters('query', PacketQuery)],
        responses: {
          ...success(200, 'The packet.', ref('TriagePacket')),
          ...errors(['validation_failed', 'case_not_found', ...V1_ERRORS]),
        },
      },
      post: {
        operationId: 'refreshPacket',
        summary: "Rebuild a case's packet now. Takes no body.",
        tags: ['packets'],
        parameters: parameters('path', CaseRefParam),
        responses: {
          ...success(200, 'The rebuilt packet.', ref('TriagePacket')),
          ...errors(['validation_failed', 'case_not_found', ...V1_ERRORS]),
        },
      },
    },
    '/v1/packets': {
      post: {
        operationId: 'buildPacket',
        summary: "Store a posted case for the caller's tenant and build its packet. Body limit 1 MB.",
        tags: ['packets'],
        requestBody: jsonRequest('BuildPacketRequest'),
        responses: {
          ...success(201, 'The new packet.', ref('TriagePacket')),
          ...errors([...BODY_ERRORS, ...V1_ERRORS]),
        },
      },
    },
    '/v1/admin/connector-types': {
      get: {
        operationId: 'listConnectorTypes',
        summary: 'Connector types and their configuration schemas. Workspace admins only.',
        tags: ['admin'],
        responses: {
          ...success(200, 'The types.', ref('ConnectorTypeList')),
          ...errors(['forbidden', ...V1_ERRORS]),
        },
      },
    },
    '/v1/admin/connectors': {
      get: {
        operationId: 'listConnectors',
        summary: "The tenant's configured connectors, without credentials. Workspace admins only.",
        tags: ['admin'],
        responses: {
          ...success(200, 'The connectors.', ref('ConnectorList')),
          ...errors(['forbidden', ...V1_ERRORS]),
        },
      },
    },
    '/v1/admin/connectors/{id}': {
      put: {
        operationId: 'configureConnector',
        summary:
          'Create or replace a connector. Credentials are write-only; omit them to keep the stored ones.',
        tags: ['admin'],
        parameters: parameters('path', ConnectorIdParam),
        requestBody: jsonRequest('ConfigureConnectorRequest'),
        responses: {
          ...success(200, 'The connector, without credentials.', ref('ConnectorView')),
          ...errors(['forbidden', ...BODY_ERRORS, ...V1_ERRORS]),
        },
      },
      delete: {
        operationId: 'removeConnector',
        summary: 'Remove a connector and its credentials.',
        tags: ['admin'],
        parameters: parameters('path', ConnectorIdParam),
        responses: {
          ...success(200, 'Removed.', { type: 'object', properties: { removed: { const: true } } }),
          ...errors(['validation_failed', 'forbidden', 'not_found', ...V1_ERRORS]),
        },
      },
    },
    '/v1/admin/connectors/{id}/test': {
      post: {
        operationId: 'testConnector',
        summary:
          'One authenticated call through the connector; the outcome, with a reason an admin can act on.',
        tags: ['admin'],
        parameters: parameters('path', ConnectorIdParam),
        responses: {
          ...success(200, 'The test outcome.', ref('ConnectorTestResult')),
          ...errors(['validation_failed', 'forbidden', 'not_found', ...V1_ERRORS]),
        },
      },
    },
    '/v1/cases/{caseRef}/actions': {
      get: {
        operationId: 'listCaseActions',
        summary: "The latest packet's proposed actions, each with its approval state and write-back.",
        tags: ['actions'],
        parameters: parameters('path', CaseRefParam),
        responses: {
          ...success(200, 'The actions.', ref('CaseActionsResponse')),
          ...errors(['validation_failed', 'packet_not_found', 'forbidden', ...V1_ERRORS]),
        },
      },
    },
    '/v1/actions/{actionId}': {
      get: {
        operationId: 'getAction',
        summary: 'One action with its audit history (ids, hashes and actors; never bodies).',
        tags: ['actions'],
        parameters: parameters('path', ActionIdParam),
        responses: {
          ...success(200, 'The action and its audit events.', ref('ActionDetailResponse')),
          ...errors(['validation_failed', 'not_found', ...V1_ERRORS]),
        },
      },
    },
    ...actionChange(
      'edit',
      'EditActionRequest',
      201,
      'Replace the text: a new action that needs its own approval.',
    ),
    ...actionChange(
      'approve',
      'ApproveActionRequest',
      200,
      'Approve the exact payload shown; queues its write-back.',
    ),
    ...actionChange('reject', 'RejectActionRequest', 200, 'Reject the exact payload shown.'),
    ...actionChange(
      'revoke',
      'RevokeActionRequest',
      200,
      'Withdraw a proposal or an approval not yet written.',
    ),
    '/v1/admin/templates': {
      get: {
        operationId: 'listTemplates',
        summary: 'The approved-language library: every version of every template.',
        tags: ['admin'],
        responses: {
          ...success(200, 'The templates.', ref('TemplateList')),
          ...errors(['forbidden', ...V1_ERRORS]),
        },
      },
      post: {
        operationId: 'publishTemplate',
        summary:
          'Publish the next version of a template. Workspace admins only; slots, hidden characters and undeclared commitments are refused.',
        tags: ['admin'],
        requestBody: jsonRequest('PublishTemplateRequest'),
        responses: {
          ...success(201, 'The published version.', ref('Template')),
          ...errors(['forbidden', 'conflict', 'unprocessable', ...BODY_ERRORS, ...V1_ERRORS]),
        },
      },
    },
    '/v1/admin/models': {
      get: {
        operationId: 'listModels',
        summary: "The workspace's model versions, the current one first, with their training figures.",
        tags: ['admin'],
        responses: {
          ...success(200, 'The versions.', ref('ModelVersionList')),
          ...errors(V1_ERRORS),
        },
      },
    },
    '/v1/admin/models/rollback': {
      post: {
        operationId: 'rollbackModel',
        summary:
          'Retire the current model version and go back to the one before it. Workspace admins only; audited.',
        tags: ['admin'],
        responses: {
          ...success(200, 'The retired and the now-current version.', ref('ModelRollbackResponse')),
          ...errors(['forbidden', 'conflict', ...V1_ERRORS]),
        },
      },
    },
    '/v1/history/import': {
      post: {
        operationId: 'importHistory',
        summary: "Import a desk export into the caller's tenant. Body limit 25 MB.",
        tags: ['history'],
        requestBody: jsonRequest('ImportHistoryRequest'),
        responses: {
          ...success(200, 'Import counts and rejected lines.', ref('ImportHistoryResponse')),
          ...errors([...BODY_ERRORS, ...V1_ERRORS]),
        },
      },
    },
  };
}

/**
 * One of the action-changing routes. Refusals carry the refusal's stable code in `error.reason`: 403 for
 * who is asking (`wrong_role`, `four_eyes`, `not_a_person`, `autonomy_forbids`), 409 for the action's
 * state (`hash_mismatch`, `not_pending`, `superseded`, ...).
 */
function actionChange(verb: string, body: string, status: number, summary: string): OpenApiDocument['paths'] {
  return {
    [`/v1/actions/{actionId}/${verb}`]: {
      post: {
        operationId: `${verb}Action`,
        summary,
        tags: ['actions'],
        parameters: parameters('path', ActionIdParam),
        requestBody: jsonRequest(body),
        responses: {
          ...success(status, 'The action as it now stands.', ref('ActionView')),
          ...errors(['forbidden', 'not_found', 'conflict', 'unprocessable', ...BODY_ERRORS, ...V1_ERRORS]),
        },
      },
    },
  };
}

let cached: { components: Record<string, JsonObject>; paths: OpenApiDocument['paths'] } | undefined;

export interface OpenApiOptions {
  /** The server URL to advertise; `/` (same origin) when absent. */
  serverUrl?: string | undefined;
}

/**
 * The OpenAPI 3.1 document for the HTTP API, generated from the same zod schemas the routes validate
 * with, so the two cannot drift apart in shape. Generation runs once per process.
 *
 * @example
 * ```ts
 * const doc = buildOpenApiDocument({ serverUrl: config.publicBaseUrl });
 * ```
 */
export function buildOpenApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  cached ??= { components: generateComponents(), paths: buildPaths() };
  return {
    openapi: '3.1.0',
    info: {
      title: 'triage-desk',
      version: '0.1.0',
      description:
        'Diagnostic triage packets for Zendesk and Jira Service Management sidebars. Every response is an envelope; errors carry a stable `code`.',
    },
    servers: [{ url: options.serverUrl ?? '/' }],
    security: [{ bearerAuth: [] }],
    paths: cached.paths,
    components: {
      schemas: cached.components,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A platform-derived session token (development: a DEV_TOKENS token). The tenant is taken from it, never from the request.',
        },
      },
    },
  };
}
