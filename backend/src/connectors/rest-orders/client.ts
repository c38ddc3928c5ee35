import { z } from 'zod';
import type { GuardedClient } from '../../infrastructure/http';
import { ConnectorError } from '../errors';
import { requestJson } from '../http-json';
import type { Pagination, RestOrdersConfig } from './config';

/** Any JSON object or array: what an unknown ERP may answer before the mapping picks it apart. */
const JsonDocument = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]);
/** The list the mapping points at: an array of objects. */
const OrderList = z.array(z.record(z.string(), z.unknown()));
export type RawOrder = z.output<typeof OrderList>[number];

/** The value at a dotted path (`data.orders`, `lines.0.sku`); `undefined` when any step is missing. */
export function valueAt(root: unknown, path: string | undefined): unknown {
  if (path === undefined) return root;
  let node: unknown = root;
  for (const key of path.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(key)) node = node[Number(key)];
    else if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, key))
      node = (node as Record<string, unknown>)[key];
    else return undefined;
  }
  return node;
}

export interface RestOrdersClientOptions {
  http: GuardedClient;
  config: RestOrdersConfig;
  apiKey: string;
}

/** One resolved request: the path with placeholders filled and encoded, and the query pairs. */
export interface OrdersRequest {
  path: string;
  query: readonly (readonly [string, string])[];
}

export interface RestOrdersClient {
  /**
   * Reads the order list, following the configured pagination until a short or empty page, no next
   * cursor, `maxItems` orders or `maxPages` pages, whichever comes first.
   * @throws ConnectorError `bad_response` when `itemsPath` does not lead to a list of objects.
   */
  listOrders(request: OrdersRequest, signal: AbortSignal): Promise<RawOrder[]>;
  /** One authenticated GET whose answer must be JSON; `expectOrders` also checks the mapping finds a list. */
  probe(request: OrdersRequest, expectOrders: boolean, signal: AbortSignal): Promise<void>;
}

/**
 * Creates the client for a configured orders API. The key goes in the configured header
 * (`Authorization: Bearer <key>` by default); nothing else about the API is assumed.
 */
export function createRestOrdersClient(options: RestOrdersClientOptions): RestOrdersClient {
  const { config } = options;
  const headers = {
    [config.authHeader]: config.authScheme ? `${config.authScheme} ${options.apiKey}` : options.apiKey,
  };

  async function getDocument(
    request: OrdersRequest,
    extra: readonly (readonly [string, string])[],
    signal: AbortSignal,
  ) {
    const url = new URL(`${config.baseUrl}${request.path}`);
    for (const [k, v] of [...request.query, ...extra]) url.searchParams.set(k, v);
    const res = await requestJson(options.http, {
      url,
      headers,
      signal,
      schema: JsonDocument,
      system: config.systemName,
    });
    return res.data;
  }

  function ordersIn(document: unknown): RawOrder[] {
    const parsed = OrderList.safeParse(valueAt(document, config.itemsPath));
    if (!parsed.success)
      throw new ConnectorError(
        'bad_response',
        `${config.systemName} sent no list of orders at ${config.itemsPath ?? 'the top level'}`,
        { cause: parsed.error },
      );
    return parsed.data;
  }

  function sizeParam(p: Pagination): [string, string][] {
    return p.type !== 'none' && p.sizeParam ? [[p.sizeParam, String(p.pageSize)]] : [];
  }

  return {
    async listOrders(request, signal) {
      const p = config.pagination;
      const out: RawOrder[] = [];
      if (p.type === 'none')
        return ordersIn(await getDocument(request, [], signal)).slice(0, config.maxItems);
      let cursor: string | undefined;
      for (let page = 0; page < p.maxPages; page++) {
        const position: [string, string][] =
          p.type === 'page'
            ? [[p.pageParam, String(p.firstPage + page)]]
            : cursor === undefined
              ? []
              : [[p.cursorParam, cursor]];
        const document = await getDocument(request, [...position, ...sizeParam(p)], signal);
        const orders = ordersIn(document);
        out.push(...orders);
        if (out.length >= config.maxItems || orders.length === 0) break;
        if (p.type === 'page') {
          // A short page is the last one.
          if (orders.length < p.pageSize) break;
        } else {
          const next = valueAt(document, p.nextCursorPath);
          if ((typeof next !== 'string' && typeof next !== 'number') || next === '') break;
          cursor = String(next);
        }
      }
      return out.slice(0, config.maxItems);
    },

    async probe(request, expectOrders, signal) {
      const document = await getDocument(
        request,
        expectOrders ? sizeParam(config.pagination).map(([k]) => [k, '1'] as const) : [],
        signal,
      );
      if (expectOrders) ordersIn(document);
    },
  };
}
