import type { Request } from 'express';
import type { ClientMeta } from '../nodes/types.js';

/** The browser talking to us, for audit events and rate limits (the user agent bounded). */
export function clientOf(req: Request): ClientMeta {
  return { ip: req.ip ?? null, userAgent: req.headers['user-agent']?.slice(0, 300) ?? null };
}
