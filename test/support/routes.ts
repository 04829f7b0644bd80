import type { Express } from 'express';

interface Layer {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/**
 * The routes an express app really registered under a mount path, read from its router stacks
 * (express 5 / router 2): `METHOD /path` relative to the mount, e.g. `GET /flows/:id`.
 */
export function registeredRoutes(app: Express, mount: string): string[] {
  const root = (app as unknown as { router: { stack: Layer[] } }).router.stack;
  const mounted = root.filter((l) => l.rawPath === mount && l.handle.stack);
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, prefix + (typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  for (const m of mounted) walk(m.handle.stack!, '');
  return out;
}
