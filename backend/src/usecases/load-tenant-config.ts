import { AppError } from '../common/errors';
import { TenantConfig } from '../domain/tenant-config';
import type { Repositories } from '../storage';

/** Reads and validates a tenant's configuration. */
export async function loadTenantConfig(
  repos: Pick<Repositories, 'tenants'>,
  tenant: string,
): Promise<TenantConfig> {
  const stored = await repos.tenants.get(tenant);
  if (!stored)
    throw new AppError(
      'forbidden',
      'This workspace is not set up yet. Ask an admin to install and configure the app.',
    );
  const parsed = TenantConfig.safeParse(stored.config);
  if (!parsed.success) {
    throw new AppError(
      'unprocessable',
      "This workspace's configuration is invalid. Ask an admin to review it.",
      { cause: parsed.error },
    );
  }
  return parsed.data;
}
