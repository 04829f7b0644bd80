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

/** One route the app answers: its method and its path as declared (with `:params`). */
export interface DeclaredRoute {
  method: string;
  path: string;
}

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

/** Every route registered on the express app, found by walking its routers (mount paths joined). */
export function declaredRoutes(app: Express): DeclaredRoute[] {
  const found: DeclaredRoute[] = [];
  const join = (a: string, b: string) => `${a.replace(/\/$/, '')}/${b.replace(/^\//, '')}`.replace(/\/$/, '') || '/';
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) for (const m of Object.keys(layer.route.methods)) if (m !== '_all') found.push({ method: m.toUpperCase(), path: join(prefix, String(p)) });
      } else if (layer.handle?.stack) {
        const mounts = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath ?? '/'];
        for (const mount of mounts) walk(layer.handle.stack, join(prefix, String(mount)));
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '');
  const seen = new Set<string>();
  return found.filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}
