import type { Request, Response } from 'express';
import type { LoadedRun } from '../runtime/runtime.js';

/**
 * What happens when a run reaches an end node, by where the run came from (`run.origin.kind`):
 * `direct` (GET /login) signs the browser in; the OpenID Provider registers `oidc`.
 */
export interface CompletionArgs {
  outcome: 'success' | 'failure';
  loaded: LoadedRun;
  req: Request;
  res: Response;
}

export type CompletionHandler = (args: CompletionArgs) => Promise<void>;

export class Completions {
  private readonly handlers = new Map<string, CompletionHandler>();

  register(kind: string, handler: CompletionHandler): void {
    this.handlers.set(kind, handler);
  }

  get(kind: string): CompletionHandler | undefined {
    return this.handlers.get(kind);
  }
}
