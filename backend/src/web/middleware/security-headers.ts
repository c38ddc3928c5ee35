import type { NextFunction, Request, RequestHandler, Response } from 'express';

export interface SecurityHeadersOptions {
  /** Adds HSTS (1 year, PLATFORMS.md §3.6). Only meaningful behind TLS, so production only. */
  hsts?: boolean;
}

/**
 * Headers every API response carries: `nosniff`, `Cache-Control: no-store` (packets and cases hold
 * customer data and must not sit in a browser or proxy cache), no referrer, and HSTS when asked.
 *
 * Deliberately not set: `X-Frame-Options` / `frame-ancestors`. The Zendesk and Jira sidebars load our
 * pages in iframes; routers that serve pages set their own framing policy. A route may override
 * `Cache-Control` for static assets.
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): RequestHandler {
  const { hsts = false } = options;
  return function securityHeaders(_req: Request, res: Response, next: NextFunction) {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}
