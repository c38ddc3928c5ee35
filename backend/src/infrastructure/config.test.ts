import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

/** Production needs credential keys; these are test keys. */
const PRODUCTION_KEYS = {
  CREDENTIAL_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CREDENTIAL_ACTIVE_KID: 'k1',
};

const TOKEN = 'dev-token-acme-0123456789';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('fills defaults from an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      logLevel: 'info',
      packetDeadlineMs: 1500,
      devTokens: undefined,
      publicBaseUrl: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/triage',
      DATABASE_URL: 'postgres://triage@db:5432/triage',
      LOG_LEVEL: 'debug',
      PACKET_DEADLINE_MS: '2500',
      DEV_TOKENS: `${TOKEN}=acme, another-dev-token-9876543=globex`,
      PUBLIC_BASE_URL: 'https://triage.example.com/',
    });
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe('/var/lib/triage');
    expect(config.databaseUrl).toBe('postgres://triage@db:5432/triage');
    expect(config.packetDeadlineMs).toBe(2500);
    expect(config.publicBaseUrl).toBe('https://triage.example.com');
    expect([...(config.devTokens ?? [])]).toEqual([
      [TOKEN, 'acme'],
      ['another-dev-token-9876543', 'globex'],
    ]);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }).port).toBe(3000);
  });

  it('lists every bad variable in one error, without their values', () => {
    const err = configError({
      NODE_ENV: 'staging',
      PORT: 'eighty',
      DATABASE_URL: 'mysql://secret-host-canary/db',
      LOG_LEVEL: 'loud',
      PACKET_DEADLINE_MS: '-1',
      DEV_TOKENS: 'short-canary=acme,no-equals-sign-canary-token,valid-looking-token-canary=Bad Tenant!',
      PUBLIC_BASE_URL: 'ftp://example.com',
    });
    expect(err.issues.map((i) => i.variable).sort()).toEqual(
      [
        'DATABASE_URL',
        'DEV_TOKENS',
        'DEV_TOKENS',
        'DEV_TOKENS',
        'LOG_LEVEL',
        'NODE_ENV',
        'PACKET_DEADLINE_MS',
        'PORT',
        'PUBLIC_BASE_URL',
      ].sort(),
    );
    expect(err.message).toContain('PORT');
    expect(err.message).not.toContain('canary');
  });

  it('refuses DEV_TOKENS in production', () => {
    const err = configError({ NODE_ENV: 'production', ...PRODUCTION_KEYS, DEV_TOKENS: `${TOKEN}=acme` });
    expect(err.issues).toEqual([
      { variable: 'DEV_TOKENS', message: expect.stringContaining('production') as string },
    ]);
    expect(err.message).not.toContain(TOKEN);
  });

  it('refuses repeated dev tokens', () => {
    expect(configError({ DEV_TOKENS: `${TOKEN}=acme,${TOKEN}=globex` }).message).toContain('repeats');
  });

  it('accepts production without dev tokens', () => {
    expect(loadConfig({ NODE_ENV: 'production', ...PRODUCTION_KEYS }).devTokens).toBeUndefined();
  });
});

describe('loadConfig: connector settings', () => {
  it('refuses production without credential keys, and local plain-http connectors in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CREDENTIAL_KEYS/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', ...PRODUCTION_KEYS, CONNECTOR_ALLOW_INSECURE_LOCAL: 'true' }),
    ).toThrow(/CONNECTOR_ALLOW_INSECURE_LOCAL/);
  });

  it('parses credential keys and never echoes them in errors', () => {
    const config = loadConfig({ NODE_ENV: 'production', ...PRODUCTION_KEYS });
    expect(config.credentialKeys?.activeKid).toBe('k1');
    const secret = 'c2VjcmV0LXRoYXQtaXMtdG9vLXNob3J0';
    let message = '';
    try {
      loadConfig({ CREDENTIAL_KEYS: `k1:${secret}`, CREDENTIAL_ACTIVE_KID: 'k1' });
    } catch (e) {
      message = String(e);
    }
    expect(message).toContain('CREDENTIAL_KEYS');
    expect(message).not.toContain(secret);
  });
});
