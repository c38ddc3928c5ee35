import path from 'node:path';
import { z } from 'zod';
import { CredentialKeysError, parseCredentialKeys, type CredentialCipherOptions } from './crypto';
import { TenantId } from '@triage/shared';

/** `LOG_LEVEL`: the levels pino understands; `silent` turns logging off (tests). */
export const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export type LogLevel = z.infer<typeof LogLevel>;

/** `NODE_ENV`: only these three; anything else is a configuration error, not a silent default. */
export const NodeEnv = z.enum(['development', 'test', 'production']);
export type NodeEnv = z.infer<typeof NodeEnv>;

/** The process configuration, parsed once at start-up. Frozen: nothing changes it at run time. */
export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly port: number;
  readonly host: string;
  /** Absolute path of the embedded database and model files. */
  readonly dataDir: string;
  /** A postgres:// URL; when absent the embedded PGlite database in `dataDir` is used. */
  readonly databaseUrl: string | undefined;
  readonly logLevel: LogLevel;
  /** One deadline for gathering a packet's evidence; late connectors leave their section unavailable. */
  readonly packetDeadlineMs: number;
  /**
   * Development bearer tokens, token → tenant. Never set in production (loadConfig refuses it and
   * createApp refuses to mount the dev authenticator).
   */
  readonly devTokens: ReadonlyMap<string, TenantId> | undefined;
  /** The externally visible base URL (for links and the Zendesk signed-URL audience), when known. */
  readonly publicBaseUrl: string | undefined;
  /**
   * Lets connectors reach http://127.0.0.1 / localhost (local fake vendor servers). Development and
   * tests only: refused in production, where connector URLs must be https and public.
   */
  readonly connectorAllowInsecureLocal: boolean;
  /**
   * Keys that encrypt connector credentials at rest (`CREDENTIAL_KEYS`, `CREDENTIAL_ACTIVE_KID`). Absent
   * outside production means "use a key file in the data folder"; production refuses to start without.
   */
  readonly credentialKeys: CredentialCipherOptions | undefined;
  /**
   * The Zendesk app id (`ZENDESK_APP_ID`, assigned when the app is uploaded): names the app public key that
   * verifies the signed sidebar URL. Absent: the signed sidebar answers 503.
   */
  readonly zendeskAppId: string | undefined;
  /** The built Zendesk app (`ZENDESK_APP_DIR`, default `./zendesk-app/dist`), served as the sidebar page. */
  readonly zendeskAppDir: string;
  /** Forge Remote: which invocation tokens the JSM panel and triggers may present (see platform/forge). */
  readonly forge: ForgeConfig;
}

/** `FORGE_APP_ID`, `FORGE_JWKS_URL`, `FORGE_ENVIRONMENTS`. */
export interface ForgeConfig {
  /** App ARIs accepted as the FIT audience; empty means no Forge app is trusted. */
  readonly appIds: readonly string[];
  /** Where Atlassian publishes the FIT signing keys. */
  readonly jwksUrl: string;
  /** Accepted `app.environment` types (`PRODUCTION`, …) or environment ARIs. */
  readonly environments: readonly string[];
}

/** Atlassian's published FIT signing keys (PLATFORMS.md 2.4). */
export const ATLASSIAN_FORGE_JWKS_URL = 'https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json';

/** A comma-separated list, trimmed, empty entries dropped. */
const commaList = z.string().transform((raw) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== ''),
);

const ForgeAppIds = commaList.pipe(
  z
    .array(
      z
        .string()
        .regex(/^ari:cloud:ecosystem::app\/[0-9a-f-]{36}$/, 'each id is ari:cloud:ecosystem::app/<uuid>'),
    )
    .max(10),
);
const ForgeEnvironments = commaList.pipe(
  z
    .array(z.string().regex(/^[A-Za-z0-9:/._-]{1,200}$/))
    .min(1)
    .max(20),
);

/** One bad environment variable: its name and what is wrong. Never the value (it may be a secret). */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/**
 * Thrown by {@link loadConfig} when the environment is unusable. The message lists every bad variable,
 * so one failed start shows everything to fix.
 */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

const MIN_DEV_TOKEN_LENGTH = 16;

/**
 * `token=tenant[,token=tenant...]`. Messages name the entry by position, never by its text: the text
 * is a credential.
 */
const DevTokens = z.string().transform((raw, ctx) => {
  const tokens = new Map<string, TenantId>();
  raw.split(',').forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const eq = entry.indexOf('=');
    const token = eq === -1 ? '' : entry.slice(0, eq).trim();
    const tenant = eq === -1 ? '' : entry.slice(eq + 1).trim();
    if (eq === -1 || token === '' || tenant === '') {
      ctx.addIssue({ code: 'custom', message: `${where} is not token=tenant` });
      return;
    }
    if (token.length < MIN_DEV_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
      ctx.addIssue({
        code: 'custom',
        message: `${where}: a token is at least ${MIN_DEV_TOKEN_LENGTH} printable characters without spaces`,
      });
      return;
    }
    if (!TenantId.safeParse(tenant).success) {
      ctx.addIssue({ code: 'custom', message: `${where}: the tenant is not a valid tenant id` });
      return;
    }
    if (tokens.has(token)) {
      ctx.addIssue({ code: 'custom', message: `${where} repeats an earlier token` });
      return;
    }
    tokens.set(token, tenant);
  });
  return tokens;
});

const EnvSchema = z
  .object({
    NODE_ENV: NodeEnv.default('development'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
      .optional(),
    LOG_LEVEL: LogLevel.default('info'),
    PACKET_DEADLINE_MS: z.coerce.number().int().min(50).max(60_000).default(1500),
    DEV_TOKENS: DevTokens.optional(),
    PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    CONNECTOR_ALLOW_INSECURE_LOCAL: z.enum(['true', 'false']).default('false'),
    CREDENTIAL_KEYS: z.string().optional(),
    CREDENTIAL_ACTIVE_KID: z.string().optional(),
    ZENDESK_APP_ID: z
      .string()
      .regex(/^\d{1,20}$/, 'must be the numeric Zendesk app id')
      .optional(),
    ZENDESK_APP_DIR: z.string().min(1).default('./zendesk-app/dist'),
    FORGE_APP_ID: ForgeAppIds.optional(),
    FORGE_JWKS_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    FORGE_ENVIRONMENTS: ForgeEnvironments.optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.DEV_TOKENS !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['DEV_TOKENS'],
        message: 'development tokens are refused when NODE_ENV=production; unset DEV_TOKENS',
      });
    }
    if (env.NODE_ENV === 'production' && env.CONNECTOR_ALLOW_INSECURE_LOCAL === 'true') {
      ctx.addIssue({
        code: 'custom',
        path: ['CONNECTOR_ALLOW_INSECURE_LOCAL'],
        message: 'local plain-http connectors are refused when NODE_ENV=production',
      });
    }
    if (env.NODE_ENV === 'production' && env.CREDENTIAL_KEYS === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['CREDENTIAL_KEYS'],
        message:
          'production needs CREDENTIAL_KEYS and CREDENTIAL_ACTIVE_KID to encrypt connector credentials',
      });
    }
    if (env.NODE_ENV === 'production' && env.FORGE_JWKS_URL?.startsWith('http:')) {
      ctx.addIssue({
        code: 'custom',
        path: ['FORGE_JWKS_URL'],
        message: 'the Forge key set must be fetched over https in production',
      });
    }
  });

/**
 * Parses the configuration from an environment object, once, at start-up. Empty strings count as unset,
 * as `.env` files and container specs often write `NAME=` for "no value".
 *
 * @example
 * ```ts
 * const config = loadConfig(); // process.env
 * const testConfig = loadConfig({ NODE_ENV: 'test', DEV_TOKENS: 'dev-token-tenant-a=acme' });
 * ```
 * @throws ConfigError listing every bad variable (names and reasons, never values).
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') relevant[key] = value;
  }
  const parsed = EnvSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: typeof issue.path[0] === 'string' ? issue.path[0] : '(environment)',
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  let credentialKeys: CredentialCipherOptions | undefined;
  if (e.CREDENTIAL_KEYS !== undefined) {
    try {
      credentialKeys = parseCredentialKeys(relevant);
    } catch (err) {
      if (err instanceof CredentialKeysError) throw new ConfigError(err.issues);
      throw err;
    }
  }
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    packetDeadlineMs: e.PACKET_DEADLINE_MS,
    devTokens: e.DEV_TOKENS,
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    connectorAllowInsecureLocal: e.CONNECTOR_ALLOW_INSECURE_LOCAL === 'true',
    credentialKeys,
    zendeskAppId: e.ZENDESK_APP_ID,
    zendeskAppDir: path.resolve(e.ZENDESK_APP_DIR),
    forge: Object.freeze({
      appIds: e.FORGE_APP_ID ?? [],
      jwksUrl: e.FORGE_JWKS_URL ?? ATLASSIAN_FORGE_JWKS_URL,
      // Production accepts only production installations unless told otherwise; development and
      // staging deployments of the app are for the people building it.
      environments:
        e.FORGE_ENVIRONMENTS ??
        (e.NODE_ENV === 'production' ? ['PRODUCTION'] : ['DEVELOPMENT', 'STAGING', 'PRODUCTION']),
    }),
  });
}
