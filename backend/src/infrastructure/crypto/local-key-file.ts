import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { CredentialCipherOptions } from './credential-cipher';

const KeyFile = z.object({ activeKid: z.string().min(1), keys: z.record(z.string(), z.string()) });

/**
 * Outside production, where no `CREDENTIAL_KEYS` are set, connector credentials are sealed with a key
 * kept in the data folder (created on first use, readable by the owner only), so that a local install
 * keeps working across restarts. Production refuses to start without real keys (see config).
 */
export async function loadOrCreateLocalKeyFile(dataDir: string): Promise<CredentialCipherOptions> {
  const file = join(dataDir, 'credential-keys.json');
  let text: string | null = null;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    text = null;
  }
  if (text === null) {
    const kid = 'local-1';
    const body = { activeKid: kid, keys: { [kid]: randomBytes(32).toString('base64') } };
    await writeFile(file, `${JSON.stringify(body)}\n`, { mode: 0o600, flag: 'wx' });
    text = JSON.stringify(body);
  }
  const parsed = KeyFile.parse(JSON.parse(text) as unknown);
  const keys: Record<string, Buffer> = {};
  for (const [kid, b64] of Object.entries(parsed.keys)) keys[kid] = Buffer.from(b64, 'base64');
  return { keys, activeKid: parsed.activeKid };
}
