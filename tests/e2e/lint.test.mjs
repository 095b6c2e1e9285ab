// The packaged Firefox extension passes Mozilla's linter (web-ext, offline)
// with no errors. Warnings are allowed only from the list below, each one a
// known consequence of shipping one manifest to both browsers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { REPO_ROOT } from './server.mjs';
import { DIST, requireBuild } from './helpers.mjs';

const EXPECTED_WARNINGS = new Set([
  // Chromium needs background.service_worker; Firefox uses background.scripts.
  'BACKGROUND_SERVICE_WORKER_IGNORED',
  // data_collection_permissions (required by addons.mozilla.org) exists from
  // Firefox 140; ESR 128 ignores the key, which is what we want.
  'KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION',
  'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION',
]);

test('web-ext lint finds no errors in dist/firefox', async () => {
  const source = join(DIST, 'firefox');
  requireBuild(join(source, 'manifest.json'));
  const webExt = join(REPO_ROOT, 'node_modules', '.bin', 'web-ext');
  const { stdout } = await promisify(execFile)(
    webExt, ['lint', '--source-dir', source, '--self-hosted', '--output', 'json', '--no-config-discovery'],
    { env: { ...process.env, NO_UPDATE_NOTIFIER: '1' }, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error) => error); // web-ext exits non-zero when it finds errors; the JSON still says which
  const report = JSON.parse(stdout);
  const describe = (messages) => messages.map((m) => `${m.code}: ${m.message} (${m.file ?? ''})`).join('\n');
  assert.equal(report.errors.length, 0, describe(report.errors));
  const unexpected = report.warnings.filter((warning) => !EXPECTED_WARNINGS.has(warning.code));
  assert.equal(unexpected.length, 0, describe(unexpected));
});
