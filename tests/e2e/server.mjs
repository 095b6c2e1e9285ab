// A small static server for the end-to-end tests, on 127.0.0.1 and a free port
// the OS picks. Routes:
//   /www/...     the packaged demo page (dist/www)
//   /pages/...   fixture pages (tests/e2e/pages), no CSP
//   /strict/...  the same fixtures sent with a strict CSP (no inline script or
//                style, no wasm compilation), as many news sites do
// Every request is logged (`requests`). The server is also an HTTP proxy for
// the privacy tests: a browser pointed at it sends every request through it,
// and one for any other host, or a CONNECT tunnel, is logged and refused,
// never forwarded, so nothing leaves the machine even if something tries.
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

async function handle(request, response, self) {
  const url = new URL(request.url, self);
  if (url.host !== new URL(self).host) {
    response.writeHead(403).end('the test proxy forwards nothing');
    return;
  }
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

/**
 * Starts the server; resolves to {origin, requests, close()}. `requests` is
 * every request seen, in order: {method, url} with `url` absolute (for a
 * CONNECT, `https://host:port`).
 */
export async function startServer() {
  const requests = [];
  let origin = 'http://127.0.0.1';
  const server = createServer((request, response) => {
    requests.push({ method: request.method, url: new URL(request.url, origin).href });
    handle(request, response, origin).catch(() => response.writeHead(500).end());
  });
  server.on('connect', (request, socket) => {
    requests.push({ method: 'CONNECT', url: `https://${request.url}` });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(resolve);
    }),
  };
}
