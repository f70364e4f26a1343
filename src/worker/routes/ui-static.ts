import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RouteModule } from './types';

/**
 * The viewer's static shell (dist/viewer): HTML, one JS bundle, one stylesheet. No data lives in
 * these files, so they are served without a session; every /api route still needs one. A strict
 * CSP allows only same-origin scripts, styles and connections: no CDN, works offline.
 */
export const VIEWER_FILES = ['index.html', 'app.js', 'style.css'] as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // The bundle changes with every build; revalidating is cheap on loopback.
  'cache-control': 'no-cache',
};

export const uiStaticRoutes: RouteModule = createUiStaticRoutes();

/** The module, with the folder to serve injectable (tests); by default dist/viewer. */
export function createUiStaticRoutes(viewerDir?: string): RouteModule {
  return {
    name: 'ui-static',
    // Outside /api, so open by default: the shell holds no data and explains how to sign in.
    mount(app) {
      const dir = viewerDir ?? findViewerDir();
      const serve = (name: (typeof VIEWER_FILES)[number]) => () => {
        const path = dir ? join(dir, name) : undefined;
        if (!path || !existsSync(path)) {
          return new Response(
            'The viewer is not built. Run `npm run build` in the claude-mem checkout, then reload.',
            {
              status: 503,
              headers: { 'content-type': 'text/plain; charset=utf-8' },
            },
          );
        }
        return new Response(readFileSync(path), {
          headers: {
            'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
            ...SECURITY_HEADERS,
          },
        });
      };
      app.get('/', serve('index.html'));
      app.get('/index.html', serve('index.html'));
      app.get('/app.js', serve('app.js'));
      app.get('/style.css', serve('style.css'));
    },
  };
}

/**
 * dist/viewer next to the running bundle (dist/bin/worker.js → dist/viewer), or, when the worker
 * runs from source (tests with tsx), the checkout's dist/viewer.
 */
function findViewerDir(): string | undefined {
  const candidates = ['../viewer/', '../../../dist/viewer/'].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  );
  return candidates.find((d) => existsSync(join(d, 'index.html')));
}
