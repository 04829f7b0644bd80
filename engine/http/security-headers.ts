import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

type HeaderValue = string | number | readonly string[];

/**
 * The headers a helmet middleware sets, read once by running it against a response that only records:
 * with a configuration of fixed values (no per-request directive functions), helmet sets the same
 * headers on every response, so they are applied per request as a plain list instead of through its
 * chain of a dozen middlewares.
 */
function headersSetBy(middleware: (req: Request, res: Response, next: (err?: unknown) => void) => void): Array<[string, HeaderValue]> {
  const headers = new Map<string, [string, HeaderValue]>();
  const recorder = {
    setHeader: (name: string, value: HeaderValue) => void headers.set(name.toLowerCase(), [name, value]),
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
  };
  middleware({} as Request, recorder as unknown as Response, (err) => {
    if (err) throw err;
  });
  return [...headers.values()];
}

/**
 * The security headers of every response, whoever answers it (our pages and APIs, the designer,
 * oidc-provider's endpoints and pages): set here first, so a response type that forgets them still
 * has them. Pages replace the default Content-Security-Policy with their own (a nonce for the theme's
 * style); oidc-provider adds the hash of its auto-submit script to `script-src`.
 */
export function securityHeaders(opts: { https: boolean; cacheablePrefixes: string[] }): RequestHandler {
  const headers = headersSetBy(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'https:', 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    // Over HTTPS only: a browser that saw it never tries plain HTTP again for a year.
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  }));
  return (req: Request, res: Response, next: NextFunction) => {
    // Nothing of an identity server is for a shared cache, except its static assets and public metadata.
    if (!opts.cacheablePrefixes.some((prefix) => req.path.startsWith(prefix))) res.setHeader('Cache-Control', 'no-store');
    for (const [name, value] of headers) res.setHeader(name, value);
    res.removeHeader('X-Powered-By');
    next();
  };
}
