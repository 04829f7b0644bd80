import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';

/**
 * Requests allowed per client IP and minute on a group of routes (form posts, journey starts);
 * `refuse` answers the one over the limit (a page for people, JSON for APIs).
 */
export function perMinuteLimit(limit: number, refuse: (req: Request, res: Response) => void): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => refuse(req, res),
  });
}
