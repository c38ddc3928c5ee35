import { z } from 'zod';
import { type CredentialCipherOptions, KEY_BYTES, KEY_ID_PATTERN } from './credential-cipher';
import { CredentialKeysError } from './errors';

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const URL_BASE64 = /^[A-Za-z0-9_-]+$/;

/**
 * `kid:base64key[,kid:base64key...]`. Messages name an entry by position and key id, never by the key
 * text: it is the secret.
 */
const CredentialKeys = z.string().transform((raw, ctx) => {
  const keys: Record<string, Buffer> = {};
  raw.split(',').forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    const kid = colon === -1 ? '' : entry.slice(0, colon).trim();
    const encoded = colon === -1 ? '' : entry.slice(colon + 1).trim();
    if (colon === -1 || kid === '' || encoded === '') {
      ctx.addIssue({ code: 'custom', message: `${where} is not kid:base64key` });
      return;
    }
    if (!KEY_ID_PATTERN.test(kid)) {
      ctx.addIssue({ code: 'custom', message: `${where}: a key id is 1-32 letters, digits, - or _` });
      return;
    }
    const bytes = decodeKey(encoded);
    if (bytes?.length !== KEY_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `${where} (${kid}): the key must be ${KEY_BYTES} bytes in base64`,
      });
      return;
    }
    if (Object.hasOwn(keys, kid)) {
      ctx.addIssue({ code: 'custom', message: `${where} repeats the key id ${kid}` });
      return;
    }
    keys[kid] = bytes;
  });
  return keys;
});

const Env = z
  .object({
    CREDENTIAL_KEYS: z.string({ error: 'is required' }).pipe(CredentialKeys),
    CREDENTIAL_ACTIVE_KID: z.string({ error: 'is required' }).regex(KEY_ID_PATTERN, {
      error: 'must be a key id (1-32 letters, digits, - or _)',
    }),
  })
  .superRefine((env, ctx) => {
    // A malformed id has its own issue already; one message per problem.
    const kid = env.CREDENTIAL_ACTIVE_KID;
    if (KEY_ID_PATTERN.test(kid) && !Object.hasOwn(env.CREDENTIAL_KEYS, kid)) {
      ctx.addIssue({
        code: 'custom',
        path: ['CREDENTIAL_ACTIVE_KID'],
        message: 'names no key in CREDENTIAL_KEYS',
      });
    }
  });

/**
 * Reads the credential keys from the environment:
 * `CREDENTIAL_KEYS="k2024:<base64 32 bytes>,k2025:<base64 32 bytes>"` and `CREDENTIAL_ACTIVE_KID=k2025`.
 * Keys may be standard or URL-safe base64 (e.g. `openssl rand -base64 32`). Keep retired keys listed
 * until every token sealed with them has been re-sealed.
 *
 * @returns options for `createCredentialCipher`.
 * @throws CredentialKeysError listing every problem by variable name, entry position and key id, never a
 * key's text.
 * @example
 * const cipher = createCredentialCipher(parseCredentialKeys(process.env));
 */
export function parseCredentialKeys(
  env: Readonly<Record<string, string | undefined>>,
): CredentialCipherOptions {
  const relevant: Record<string, string> = {};
  for (const name of ['CREDENTIAL_KEYS', 'CREDENTIAL_ACTIVE_KID'] as const) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') relevant[name] = value;
  }
  const parsed = Env.safeParse(relevant);
  if (!parsed.success) {
    throw new CredentialKeysError(
      parsed.error.issues.map((issue) => ({
        variable: typeof issue.path[0] === 'string' ? issue.path[0] : '(environment)',
        message: issue.message,
      })),
    );
  }
  return { keys: parsed.data.CREDENTIAL_KEYS, activeKid: parsed.data.CREDENTIAL_ACTIVE_KID };
}

function decodeKey(text: string): Buffer | undefined {
  if (STANDARD_BASE64.test(text)) return Buffer.from(text, 'base64');
  if (URL_BASE64.test(text)) {
    const bytes = Buffer.from(text, 'base64url');
    return bytes.toString('base64url') === text ? bytes : undefined;
  }
  return undefined;
}
