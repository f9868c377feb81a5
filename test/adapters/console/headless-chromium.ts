// Debian's Chromium driven by playwright-core (never a browser download), with a fresh profile,
// and a watch on every page: a console error, an uncaught exception or a failed request to the
// server fails the test. Screenshots go to test-screenshots/ (gitignored) for a reviewer.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
export const screenshotDirectory = resolve(import.meta.dirname, '../../../test-screenshots/console');

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export type Browser = Readonly<{
  context: BrowserContext;
  // What the pages reported as errors so far (console errors, exceptions, failed requests).
  problems: () => ReadonlyArray<string>;
  // A failed load the console expects (Chromium logs every 4xx fetch as an error), by URL part.
  expectFailedLoad: (urlPart: string) => void;
  newPage: () => Promise<Page>;
  screenshot: (page: Page, name: string) => Promise<void>;
  close: () => Promise<void>;
}>;

// secrets: strings (API keys) that must never appear in a URL the page requests.
export const launchChromium = async (secrets: ReadonlyArray<string>): Promise<Browser> => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium (.ci/run does)`);
  const profile = mkdtempSync(join(tmpdir(), 'ledger-chromium-'));
  mkdirSync(screenshotDirectory, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    acceptDownloads: true,
    viewport: { width: 1366, height: 900 },
  });
  const problems: string[] = [];
  const expected: string[] = [];
  const isExpected = (text: string, url: string) => text.startsWith('Failed to load resource') && expected.some((part) => url.includes(part));
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' && !isExpected(message.text(), message.location().url)) {
        problems.push(`console error: ${message.text()} at ${message.location().url}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      const url = request.url();
      if (secrets.some((secret) => url.includes(secret))) problems.push(`a key in a URL: ${url}`);
      // Offline: nothing but the local server (and the page's own data:/blob: URLs), no CDN.
      if (!/^(data|blob):/.test(url) && !url.startsWith('http://127.0.0.1:')) problems.push(`a request off the server: ${url}`);
    });
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  };
  context.on('page', watch);
  for (const page of context.pages()) watch(page);
  return {
    context,
    problems: () => problems,
    expectFailedLoad: (urlPart) => expected.push(urlPart),
    newPage: () => context.newPage(),
    screenshot: async (page, name) => {
      await page.screenshot({ path: join(screenshotDirectory, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};
