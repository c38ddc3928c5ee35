import { Router } from 'express';
import { AppError } from '../../../common/errors';
import { sendOk } from '../../respond';

export interface HealthRouterOptions {
  /** Resolves when dependencies (database, model) can serve; rejects otherwise. */
  ready: () => Promise<void>;
  /** A readiness check slower than this counts as not ready, so probes never hang. Default 2000. */
  readyTimeoutMs?: number;
}

function withTimeout(check: () => Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`readiness check exceeded ${ms} ms`));
    }, ms);
  });
  return Promise.race([check(), timeout]).finally(() => {
    clearTimeout(timer);
  });
}

/**
 * `GET /healthz`: 200 whenever the process can answer (liveness; no dependency is touched).
 * `GET /readyz`: 200 when `ready()` resolves in time, else 503 `unavailable` (the cause is logged).
 */
export function healthRouter(options: HealthRouterOptions): Router {
  const { ready, readyTimeoutMs = 2000 } = options;
  const router = Router();

  router.get('/healthz', function healthz(_req, res) {
    sendOk(res, 200, { status: 'up' });
  });

  router.get('/readyz', async function readyz(_req, res) {
    try {
      await withTimeout(ready, readyTimeoutMs);
    } catch (cause) {
      throw new AppError('unavailable', 'The service is not ready yet.', { cause });
    }
    sendOk(res, 200, { status: 'ready' });
  });

  return router;
}
