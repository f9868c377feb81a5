// The console's files: served without a key under a strict Content-Security-Policy (nothing
// inline, never framed), hashed assets cached for good, kept out of the OpenAPI document; and a
// clear 503 when the console was not built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../http-fixtures.ts';

let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'ledger-console-files-'));
  mkdirSync(join(directory, 'built', 'assets'), { recursive: true });
  writeFileSync(join(directory, 'built', 'index.html'), '<!doctype html><title>console</title><script type="module" src="/console/assets/app-1a2b.js"></script>');
  writeFileSync(join(directory, 'built', 'assets', 'app-1a2b.js'), 'export {};');
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('GET /console/', () => {
  it('serves the page without a key, under a CSP that allows this origin only and no framing', async () => {
    const { app, call } = await testApp({ consoleDirectory: join(directory, 'built') });
    const redirect = await call(undefined, 'GET', '/console');
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/console/');
    const page = await call(undefined, 'GET', '/console/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<title>console</title>');
    const policy = String(page.headers['content-security-policy']);
    expect(policy.split('; ')).toEqual(
      expect.arrayContaining(["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]),
    );
    expect(policy).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await call(undefined, 'GET', '/console/assets/app-1a2b.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-security-policy']).toBe(policy);
    const documented = Object.keys((await call(undefined, 'GET', '/openapi.json')).json().paths);
    expect(documented.filter((path) => path.startsWith('/console'))).toEqual([]);
    // The API's own answers are unchanged.
    expect((await call(undefined, 'GET', '/health')).headers['content-security-policy']).toBeUndefined();
    await app.close();
  });

  it('answers 404 in the error shape for a file that is not there', async () => {
    const { app, call } = await testApp({ consoleDirectory: join(directory, 'built') });
    const missing = await call(undefined, 'GET', '/console/assets/nothing.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    await app.close();
  });

  it('answers 503 not_available, saying how to build it, when the console was not built', async () => {
    const { app, call } = await testApp({ consoleDirectory: join(directory, 'never-built') });
    const page = await call(undefined, 'GET', '/console/');
    expect(page.statusCode).toBe(503);
    expect(page.json().error).toMatchObject({ code: 'not_available', message: expect.stringContaining('npm install') });
    await app.close();
  });
});
