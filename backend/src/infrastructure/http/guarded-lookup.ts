import { promises as dns, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import type { ConnectorUrlOptions } from './connector-url';
import { OutboundHttpError } from './errors';
import { forbiddenRange, isLoopbackAddress } from './forbidden-address';

/** One resolved address, as `dns.lookup({ all: true })` returns it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a hostname to its addresses. The default uses the system resolver (`dns.lookup`, so
 * `/etc/hosts` applies, as for any Node socket); tests inject a fake to simulate hostile DNS.
 */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver, in the order the system returns addresses. */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await dns.lookup(hostname, { all: true, order: 'verbatim' });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Options for {@link resolveConnectorHost}. */
export interface ResolveOptions extends ConnectorUrlOptions {
  resolver?: Resolver;
}

/**
 * Resolves a hostname and refuses it when ANY answer is forbidden. Refusing the whole answer, not
 * just the bad entries, matters: a host that answers with one public and one private address is
 * hostile, and happy-eyeballs connection racing would otherwise try the private one.
 *
 * The guarded client runs this on every new connection. Callers may also run it when a tenant saves a
 * connector URL, to report a bad host early; that early answer proves nothing about later
 * connections (DNS rebinding), which is why the client checks again.
 *
 * @throws OutboundHttpError `forbidden_address` when an answer is outside the public internet (loopback
 * allowed only under `allowInsecureLocal`), `network` when the name does not resolve.
 */
export async function resolveConnectorHost(
  hostname: string,
  options: ResolveOptions = {},
): Promise<readonly ResolvedAddress[]> {
  const resolver = options.resolver ?? systemResolver;
  let answers: readonly ResolvedAddress[];
  try {
    answers =
      isIP(hostname) === 0
        ? await resolver(hostname)
        : [{ address: hostname, family: isIP(hostname) === 6 ? 6 : 4 }];
  } catch (cause) {
    throw new OutboundHttpError('network', `could not resolve ${hostname}`, { cause });
  }
  if (answers.length === 0) throw new OutboundHttpError('network', `${hostname} has no addresses`);
  for (const { address } of answers) {
    const range = forbiddenRange(address);
    if (range === undefined) continue;
    if (options.allowInsecureLocal === true && isLoopbackAddress(address)) continue;
    throw new OutboundHttpError(
      'forbidden_address',
      `${hostname} resolves to a forbidden address (${range})`,
    );
  }
  return answers;
}

/**
 * A `lookup` for `http.Agent`/`https.Agent`/`net.connect` that resolves through
 * {@link resolveConnectorHost}, so every connection the agent opens is checked after DNS resolution.
 * It honours the socket's `family` and `all` options (`all` is what happy-eyeballs uses).
 */
export function createGuardedLookup(options: ResolveOptions = {}): LookupFunction {
  return function guardedLookup(hostname, lookupOptions, callback) {
    resolveConnectorHost(hostname, options).then(
      (answers) => {
        const wanted = familyNumber(lookupOptions.family);
        const usable = wanted === 0 ? answers : answers.filter((a) => a.family === wanted);
        const first = usable[0];
        if (!first) {
          callback(new OutboundHttpError('network', `${hostname} has no IPv${wanted} address`), '');
          return;
        }
        if (lookupOptions.all === true) {
          callback(
            null,
            usable.map((a): LookupAddress => ({ address: a.address, family: a.family })),
          );
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: unknown) => {
        callback(
          error instanceof OutboundHttpError
            ? error
            : new OutboundHttpError('network', 'lookup failed', { cause: error }),
          '',
        );
      },
    );
  };
}

function familyNumber(family: number | 'IPv4' | 'IPv6' | undefined): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}
