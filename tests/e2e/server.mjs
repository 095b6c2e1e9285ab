// A small static server for the end-to-end tests, on 127.0.0.1 and a free port
// the OS picks. Routes:
//   /www/...     the packaged demo page (dist/www)
//   /pages/...   fixture pages (tests/e2e/pages), no CSP
//   /strict/...  the same fixtures sent with a strict CSP (no inline script or
//                style, no wasm compilation), as many news sites do
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const STRICT_CSP = "default-src 'self'; script-src 'self'";

const ROUTES = [
  { prefix: '/www/', dir: join(REPO_ROOT, 'dist', 'www'), headers: {} },
  { prefix: '/pages/', dir: join(REPO_ROOT, 'tests', 'e2e', 'pages'), headers: {} },
  { prefix: '/strict/', dir: join(REPO_ROOT, 'tests', 'e2e', 'pages'), headers: { 'Content-Security-Policy': STRICT_CSP } },
];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

async function handle(request, response) {
  const url = new URL(request.url, 'http://127.0.0.1');
  const route = ROUTES.find((candidate) => url.pathname.startsWith(candidate.prefix));
  if (!route) {
    response.writeHead(404).end('not found');
    return;
  }
  let relative = decodeURIComponent(url.pathname.slice(route.prefix.length));
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  const file = normalize(join(route.dir, relative));
  if (!file.startsWith(route.dir + sep) && file !== route.dir) {
    response.writeHead(403).end('forbidden');
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      ...route.headers,
    });
    response.end(body);
  } catch {
    response.writeHead(404).end('not found');
  }
}

/** Starts the server; resolves to {origin, close()}. */
export async function startServer() {
  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}
