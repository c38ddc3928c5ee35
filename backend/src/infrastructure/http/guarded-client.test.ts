import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createGuardedClient,
  type GuardedClient,
  type GuardedClientOptions,
  OutboundHttpError,
  type OutboundHttpErrorCode,
  resolveConnectorHost,
  type Resolver,
} from './index';

// Every socket in this file goes to 127.0.0.1. Hostile names resolve (through the fake resolver) to
// addresses that would land on this machine if the guard let them through: loopback, 0.0.0.0 and
// IPv4-mapped loopback. The one public address (rebinding's first answer) is only ever resolved.

interface Listener {
  port: number;
  connections: () => number;
  close: () => Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: net.Server): Promise<Listener> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const listener: Listener = {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  cleanups.push(listener.close);
  return listener;
}

/** A plain TCP listener: it only counts connections (the guard must refuse before any). */
function tcpTrap(): Promise<Listener> {
  return listen(net.createServer(() => undefined));
}

function httpServer(handler: http.RequestListener): Promise<Listener> {
  return listen(http.createServer(handler));
}

function client(options: Partial<GuardedClientOptions> = {}): GuardedClient {
  const c = createGuardedClient({ timeoutMs: 2000, maxResponseBytes: 1024, ...options });
  cleanups.push(() => c.close());
  return c;
}

/** A fake DNS: fixed answers per name, a list of answers consumed in order, and a call log. */
function fakeResolver(table: Record<string, string[] | string[][]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const served = new Map<string, number>();
  const resolver = (hostname: string): Promise<{ address: string; family: 4 | 6 }[]> => {
    calls.push(hostname);
    const entry = table[hostname];
    if (entry === undefined)
      return Promise.reject(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }));
    const n = served.get(hostname) ?? 0;
    served.set(hostname, n + 1);
    const answers: string[] = Array.isArray(entry[0])
      ? ((entry as string[][])[Math.min(n, entry.length - 1)] ?? [])
      : (entry as string[]);
    return Promise.resolve(answers.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 })));
  };
  return Object.assign(resolver, { calls });
}

async function failure(promise: Promise<unknown>): Promise<OutboundHttpError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OutboundHttpError);
    return error as OutboundHttpError;
  }
  throw new Error('expected the request to fail');
}

async function codeOf(promise: Promise<unknown>): Promise<OutboundHttpErrorCode> {
  return (await failure(promise)).code;
}

/** Waits a little so a connection the guard wrongly allowed would have been counted. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

describe('guarded client: connect-time address check', () => {
  it('refuses a host whose DNS answer is loopback, before any connection', async () => {
    const trap = await tcpTrap();
    const resolver = fakeResolver({ 'evil.test': ['127.0.0.1'] });
    const c = client({ resolver });
    expect(await codeOf(c.request({ method: 'GET', url: `https://evil.test:${trap.port}/` }))).toBe(
      'forbidden_address',
    );
    await settle();
    expect(resolver.calls).toContain('evil.test');
    expect(trap.connections()).toBe(0);
  });

  it.each([['0.0.0.0'], ['::ffff:127.0.0.1'], ['::1'], ['127.0.0.2']])(
    'refuses a DNS answer of %s',
    async (address) => {
      const trap = await tcpTrap();
      const c = client({ resolver: fakeResolver({ 'evil.test': [address] }) });
      expect(await codeOf(c.request({ method: 'GET', url: `https://evil.test:${trap.port}/` }))).toBe(
        'forbidden_address',
      );
      await settle();
      expect(trap.connections()).toBe(0);
    },
  );

  it('refuses DNS rebinding: public when the tenant saved the URL, loopback at connect time', async () => {
    const trap = await tcpTrap();
    const resolver = fakeResolver({ 'rebind.test': [['93.184.215.14'], ['127.0.0.1']] });
    // Config time: the early check passes, as it would for a real attacker's first answer.
    await expect(resolveConnectorHost('rebind.test', { resolver })).resolves.toEqual([
      { address: '93.184.215.14', family: 4 },
    ]);
    const c = client({ resolver });
    expect(await codeOf(c.request({ method: 'GET', url: `https://rebind.test:${trap.port}/` }))).toBe(
      'forbidden_address',
    );
    await settle();
    expect(resolver.calls).toEqual(['rebind.test', 'rebind.test']);
    expect(trap.connections()).toBe(0);
  });

  it('refuses the whole answer when one of several addresses is forbidden', async () => {
    const resolver = fakeResolver({ 'mixed.test': ['93.184.215.14', '127.0.0.1'] });
    const error = await failure(resolveConnectorHost('mixed.test', { resolver }));
    expect(error.code).toBe('forbidden_address');
    // Through the client, with answers that stay on this machine whatever happens: loopback is allowed
    // in development, 0.0.0.0 never, so nothing may connect (happy eyeballs would otherwise race both).
    const trap = await tcpTrap();
    const c = client({
      allowInsecureLocal: true,
      resolver: fakeResolver({ 'mixed.test': ['127.0.0.1', '0.0.0.0'] }),
    });
    expect(await codeOf(c.request({ method: 'GET', url: `https://mixed.test:${trap.port}/` }))).toBe(
      'forbidden_address',
    );
    await settle();
    expect(trap.connections()).toBe(0);
  });

  it('keeps the other ranges closed under the development allowance', async () => {
    const trap = await tcpTrap();
    const c = client({ allowInsecureLocal: true, resolver: fakeResolver({ 'zero.test': ['0.0.0.0'] }) });
    expect(await codeOf(c.request({ method: 'GET', url: `https://zero.test:${trap.port}/` }))).toBe(
      'forbidden_address',
    );
    await settle();
    expect(trap.connections()).toBe(0);
  });

  it('reports a name that does not resolve as a network error', async () => {
    const c = client({ resolver: fakeResolver({}) });
    expect(await codeOf(c.request({ method: 'GET', url: 'https://nowhere.test/' }))).toBe('network');
  });

  it('resolves through the injected resolver at connect time (control: loopback allowed in development)', async () => {
    const server = await httpServer((_req, res) => res.end('ok'));
    const resolver = fakeResolver({ localhost: ['127.0.0.1'] });
    const c = client({ allowInsecureLocal: true, resolver });
    const res = await c.request({ method: 'GET', url: `http://localhost:${server.port}/` });
    expect(res.body.toString()).toBe('ok');
    expect(resolver.calls).toEqual(['localhost']);
    expect(server.connections()).toBe(1);
  });
});

describe('guarded client: redirects', () => {
  const toMetadata = (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
  };

  it('refuses a redirect by default', async () => {
    const server = await httpServer(toMetadata);
    const c = client({ allowInsecureLocal: true });
    expect(await codeOf(c.request({ method: 'GET', url: `http://127.0.0.1:${server.port}/` }))).toBe(
      'redirect_refused',
    );
  });

  it('hands a redirect back untouched when the caller asks for it (redirect: manual)', async () => {
    const server = await httpServer(toMetadata);
    const c = client({ allowInsecureLocal: true });
    const res = await c.request({
      method: 'GET',
      url: `http://127.0.0.1:${server.port}/`,
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('http://169.254.169.254/latest/meta-data/');
    // Following it is the caller's choice, and goes through the same guard.
    expect(await codeOf(c.request({ method: 'GET', url: res.headers.location ?? '' }))).toBe(
      'forbidden_address',
    );
  });

  it('refuses a redirect to the metadata address even when following redirects', async () => {
    const server = await httpServer(toMetadata);
    const c = client({ allowInsecureLocal: true, maxRedirects: 3 });
    const error = await failure(c.request({ method: 'GET', url: `http://127.0.0.1:${server.port}/` }));
    expect(error.code).toBe('redirect_refused');
    expect((error.cause as OutboundHttpError).code).toBe('forbidden_address');
  });

  it('checks the resolved address of each hop at connect time', async () => {
    const trap = await tcpTrap();
    const server = await httpServer((_req, res) => {
      res.writeHead(307, { location: `https://hop.test:${trap.port}/` }).end();
    });
    const c = client({
      allowInsecureLocal: true,
      maxRedirects: 3,
      resolver: fakeResolver({ 'hop.test': ['0.0.0.0'] }),
    });
    expect(await codeOf(c.request({ method: 'GET', url: `http://127.0.0.1:${server.port}/` }))).toBe(
      'forbidden_address',
    );
    await settle();
    expect(trap.connections()).toBe(0);
  });

  it('follows allowed hops, keeping credentials on the same origin and dropping them across origins', async () => {
    const seen: { path: string | undefined; auth: string | undefined; host: string | undefined }[] = [];
    const server = await httpServer((req, res) => {
      seen.push({ path: req.url, auth: req.headers.authorization, host: req.headers.host });
      if (req.url === '/start') res.writeHead(301, { location: '/same' }).end();
      else if (req.url === '/same') res.writeHead(308, { location: `http://localhost:${port}/other` }).end();
      else res.end('arrived');
    });
    const port = server.port;
    const c = client({
      allowInsecureLocal: true,
      maxRedirects: 2,
      resolver: fakeResolver({ localhost: ['127.0.0.1'] }),
    });
    const res = await c.request({
      method: 'GET',
      url: `http://127.0.0.1:${port}/start`,
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(res.body.toString()).toBe('arrived');
    expect(res.url).toBe(`http://localhost:${port}/other`);
    expect(seen.map((s) => [s.path, s.auth])).toEqual([
      ['/start', 'Bearer s3cret'],
      ['/same', 'Bearer s3cret'],
      ['/other', undefined],
    ]);
  });

  it('turns a 303 after POST into a GET without a body', async () => {
    const seen: string[] = [];
    const server = await httpServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push(`${req.method ?? ''} ${req.url ?? ''} ${body}`);
        if (req.url === '/submit') res.writeHead(303, { location: '/result' }).end();
        else res.end('done');
      });
    });
    const c = client({ allowInsecureLocal: true, maxRedirects: 1 });
    await c.request({ method: 'POST', url: `http://127.0.0.1:${server.port}/submit`, body: 'x=1' });
    expect(seen).toEqual(['POST /submit x=1', 'GET /result ']);
  });

  it('stops after maxRedirects', async () => {
    const server = await httpServer((_req, res) => res.writeHead(302, { location: '/again' }).end());
    const c = client({ allowInsecureLocal: true, maxRedirects: 2 });
    const error = await failure(c.request({ method: 'GET', url: `http://127.0.0.1:${server.port}/` }));
    expect(error.code).toBe('redirect_refused');
    expect(server.connections()).toBeLessThanOrEqual(3);
  });
});

describe('guarded client: requests to a local server (development allowance)', () => {
  it('returns status, headers and body, and sends method, headers and body', async () => {
    const server = await httpServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.setHeader(
          'x-seen',
          `${req.method ?? ''} ${req.url ?? ''} ${String(req.headers['x-api-key'])} ${body}`,
        );
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    const c = client({ allowInsecureLocal: true });
    const res = await c.request({
      method: 'PUT',
      url: `http://127.0.0.1:${server.port}/items/1?x=y`,
      headers: { 'X-Api-Key': 'k', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-seen']).toBe('PUT /items/1?x=y k {"a":1}');
    expect(res.headers['set-cookie']).toBe('a=1, b=2');
    expect(JSON.parse(res.body.toString())).toEqual({ ok: true });
  });

  it('returns error statuses as responses, not errors', async () => {
    const server = await httpServer((_req, res) => res.writeHead(503, { 'retry-after': '7' }).end('busy'));
    const res = await client({ allowInsecureLocal: true }).request({
      method: 'GET',
      url: `http://127.0.0.1:${server.port}/`,
    });
    expect([res.status, res.headers['retry-after'], res.body.toString()]).toEqual([503, '7', 'busy']);
  });

  it('accepts a body of exactly maxResponseBytes', async () => {
    const server = await httpServer((_req, res) => res.end('x'.repeat(1024)));
    const res = await client({ allowInsecureLocal: true }).request({
      method: 'GET',
      url: `http://127.0.0.1:${server.port}/`,
    });
    expect(res.body.length).toBe(1024);
  });

  it('refuses a body whose declared length is over the cap', async () => {
    const server = await httpServer((_req, res) => res.end('x'.repeat(1025)));
    const c = client({ allowInsecureLocal: true });
    expect(await codeOf(c.request({ method: 'GET', url: `http://127.0.0.1:${server.port}/` }))).toBe(
      'too_large',
    );
  });

  it('refuses a chunked body that grows over the cap', async () => {
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      const timer = setInterval(() => {
        if (!res.write('y'.repeat(300))) clearInterval(timer);
      }, 5);
      res.on('close', () => clearInterval(timer));
    });
    const c = client({ allowInsecureLocal: true });
    expect(await codeOf(c.request({ method: 'GET', url: `http://127.0.0.1:${server.port}/` }))).toBe(
      'too_large',
    );
  });

  it('times out on a server that never answers', async () => {
    const server = await httpServer(() => undefined);
    const c = client({ allowInsecureLocal: true, timeoutMs: 150 });
    const started = Date.now();
    expect(await codeOf(c.request({ method: 'GET', url: `http://127.0.0.1:${server.port}/` }))).toBe(
      'timeout',
    );
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('times out on a body that stalls half-way', async () => {
    const server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    });
    const c = client({ allowInsecureLocal: true, timeoutMs: 150 });
    expect(await codeOf(c.request({ method: 'GET', url: `http://127.0.0.1:${server.port}/` }))).toBe(
      'timeout',
    );
  });

  it('stops when the caller aborts', async () => {
    const server = await httpServer(() => undefined);
    const c = client({ allowInsecureLocal: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(
      await codeOf(
        c.request({ method: 'GET', url: `http://127.0.0.1:${server.port}/`, signal: controller.signal }),
      ),
    ).toBe('aborted');
  });

  it('does not connect at all with an already-aborted signal', async () => {
    const server = await httpServer((_req, res) => res.end());
    const c = client({ allowInsecureLocal: true });
    expect(
      await codeOf(
        c.request({ method: 'GET', url: `http://127.0.0.1:${server.port}/`, signal: AbortSignal.abort() }),
      ),
    ).toBe('aborted');
    await settle();
    expect(server.connections()).toBe(0);
  });

  it('reports a refused connection as a network error', async () => {
    const server = await httpServer(() => undefined);
    const port = server.port;
    await server.close();
    const c = client({ allowInsecureLocal: true });
    expect(await codeOf(c.request({ method: 'GET', url: `http://127.0.0.1:${port}/` }))).toBe('network');
  });

  it('refuses header injection without repeating the value', async () => {
    const c = client({ allowInsecureLocal: true });
    const error = await failure(
      c.request({
        method: 'GET',
        url: 'http://127.0.0.1:9/',
        headers: { authorization: 'Bearer tok\r\nX-Evil: 1' },
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).not.toContain('tok');
  });

  it('validates its options', () => {
    expect(() => createGuardedClient({ timeoutMs: 0, maxResponseBytes: 1 })).toThrow(OutboundHttpError);
    expect(() => createGuardedClient({ timeoutMs: 1, maxResponseBytes: -1 })).toThrow(OutboundHttpError);
    expect(() => createGuardedClient({ timeoutMs: 1, maxResponseBytes: 1, maxRedirects: 11 })).toThrow(
      OutboundHttpError,
    );
  });
});

describe('guarded client: errors carry no secrets', () => {
  const SECRETS = ['Bearer-TOKEN-canary', 'REQUEST-BODY-canary', 'RESPONSE-BODY-canary', 'QUERY-canary'];

  function expectClean(error: OutboundHttpError): void {
    const text = [String(error), inspect(error, { depth: 10 }), JSON.stringify(error)].join('\n');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }

  const cases: [OutboundHttpErrorCode, http.RequestListener][] = [
    ['timeout', () => undefined],
    ['too_large', (_req, res) => res.end(`RESPONSE-BODY-canary${'z'.repeat(2000)}`)],
    ['network', (_req, res) => res.socket?.destroy()],
    [
      'redirect_refused',
      (_req, res) => res.writeHead(302, { location: '/RESPONSE-BODY-canary' }).end('RESPONSE-BODY-canary'),
    ],
  ];

  it.each(cases)('%s', async (code, handler) => {
    const server = await httpServer(handler);
    const c = client({ allowInsecureLocal: true, timeoutMs: 200 });
    const error = await failure(
      c.request({
        method: 'POST',
        url: `http://127.0.0.1:${server.port}/path?key=QUERY-canary`,
        headers: { authorization: 'Bearer Bearer-TOKEN-canary' },
        body: 'REQUEST-BODY-canary',
      }),
    );
    expect(error.code).toBe(code);
    expectClean(error);
  });
});
