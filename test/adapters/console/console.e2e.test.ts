// The console end to end in a real headless Chromium against a real listening server on a fresh
// SQLite store: an account's chart, knownAt redrawing the corrected balance, an incident from dry
// run to reimbursements with the CSV checked against the API, the alerts feed and health. Every
// step fails on an error shown on the page or logged to its console.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from 'io-ts';
import { Alerts, Balance, EventsPage, Reimbursements } from '../../../adapters/console/src/api/wire.ts';
import { type ContractStub, contractStub, selectedCount, stubVerifierKey } from './contract-stub.ts';
import { type Browser, launchChromium } from './headless-chromium.ts';
import { consoleKeys, incidentWindow, type SeededLedger, secondFinanceKey, seedForeignLogin, seedHistory, startSeededLedger } from './seeded-ledger.ts';

let ledger: SeededLedger;
let stub: ContractStub;
let browser: Browser;

beforeAll(async () => {
  // Checkpoints every 50 ms: the seeded events are in the latest one by the time a page asks.
  ledger = await startSeededLedger({ LEDGER_CHECKPOINT_INTERVAL_MS: '50' });
  await seedHistory(ledger);
  stub = await contractStub(ledger.consoleDirectory);
  browser = await launchChromium(Object.values(consoleKeys));
});

afterAll(async () => {
  await browser?.close();
  await stub?.app.close();
  await ledger?.stop();
});

// Also: every form control has a label (or an aria-label) a screen reader can announce.
const expectNoErrors = async (page: Page) => {
  expect(await page.locator('.error').allTextContents()).toEqual([]);
  expect(browser.problems()).toEqual([]);
  const unlabelled: string[] = [];
  for (const control of await page.locator('input, select, textarea').all()) {
    const id = (await control.getAttribute('id')) ?? '';
    const labels = id === '' ? 0 : await page.locator(`label[for="${id}"]`).count();
    if (labels === 0 && (await control.getAttribute('aria-label')) === null) unlabelled.push(id || (await control.evaluate((element) => element.outerHTML)));
  }
  expect(unlabelled).toEqual([]);
};

const signIn = async (key: string, hash: string, url: string = ledger.url): Promise<Page> => {
  const page = await browser.newPage();
  await page.goto(`${url}/console/${hash}`);
  await page.getByLabel('API key', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Use this key' }).click();
  expect(page.url()).not.toContain(key);
  return page;
};

// The API's own answer, through the console's codecs (a test reads answers as the console does).
const apiJson = async <A>(codec: t.Type<A, unknown, unknown>, path: string, key: string = consoleKeys.auditor): Promise<A> => {
  const decoded = codec.decode(await (await ledger.call('GET', path, key)).json());
  if (decoded._tag === 'Left') throw new Error(`${path} answered an unexpected shape`);
  return decoded.right;
};

describe('the console in Chromium', () => {
  it('shows an account chart, and redraws the corrected balance as known before a reversal', async () => {
    const page = await signIn(consoleKeys.auditor, '#/account');
    await page.getByLabel('Account id', { exact: true }).fill('carol');
    await page.getByRole('button', { name: 'Open account' }).click();
    await page.locator('.chart canvas').waitFor();
    await expect.poll(() => page.locator('#corrected-balance').textContent()).toBe('29500 JPY');
    expect(await page.locator('#audit-state').textContent()).toContain('Verified');
    expect(await page.locator('#timeline tbody tr').count()).toBe(7);
    expect(await page.locator('#timeline tbody tr').nth(5).locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['WalletCharged', 'carol-phone', '7000 JPY']),
    );
    // issuedBy: the payments key id on what it appended, the finance key id on the reversal.
    const issuedBy = await page.locator('#timeline tbody tr td:nth-child(5)').allTextContents();
    expect(issuedBy.slice(0, 6).every((keyId) => /^payments:[0-9a-f]{8}$/.test(keyId))).toBe(true);
    expect(issuedBy[6]).toMatch(/^finance:[0-9a-f]{8}$/);
    await browser.screenshot(page, 'account-latest');

    const { events } = await apiJson(EventsPage, '/v1/accounts/carol/events');
    const beforeReversal = events[events.length - 2]?.recordedAt;
    // By keyboard: one step back from the latest moment is just before the reversal was recorded.
    await page.getByLabel('Known at', { exact: true }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('#balance-view').getAttribute('data-known-at')).toBe(beforeReversal);
    await expect.poll(() => page.locator('#corrected-balance').textContent()).toBe('22500 JPY');
    const known = await apiJson(Balance, `/v1/accounts/carol/balance?asOf=2019-07-03T18:00:00%2B09:00&knownAt=${encodeURIComponent(beforeReversal ?? '')}`);
    expect(known.correctedBalance).toBe('22500');
    expect(await page.locator('#timeline tr.not-known').count()).toBe(1);
    await browser.screenshot(page, 'account-known-before-reversal');

    // The verifiable log: pin the key after its fingerprint is shown, then verify the account's
    // first event in the latest signed checkpoint, in the browser.
    await page.getByRole('button', { name: 'Show the key this server serves' }).click();
    await expect.poll(() => page.locator('#candidate-fingerprint').textContent()).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    await page.getByRole('button', { name: 'Pin this key' }).click();
    await page.locator('#timeline tbody tr').first().getByRole('button', { name: /^Verify #\d+$/ }).click();
    await expect.poll(() => page.locator('#timeline tbody tr').first().textContent()).toMatch(/included \(checkpoint of \d+\)/);
    await browser.screenshot(page, 'account-inclusion-verified');

    // Holds: an open hold is reserved (held) and not yet charged (ledger balance unchanged).
    await page.getByLabel('Account id', { exact: true }).fill('erin');
    await page.getByRole('button', { name: 'Open account' }).click();
    await expect.poll(() => page.locator('#held-balance').textContent()).toBe('2500 JPY');
    expect(await page.locator('#available-balance').textContent()).toBe('7500 JPY');
    expect(await page.locator('#ledger-balance').textContent()).toBe('10000 JPY');
    await browser.screenshot(page, 'account-hold');
    await expectNoErrors(page);
  });

  it('runs an incident from dry run to reimbursements, and its CSV matches the API', async () => {
    const page = await signIn(consoleKeys.finance, '#/incidents');
    await page.getByLabel('Incident id', { exact: true }).fill('thief-phone-2019');
    await page.getByLabel('Description', { exact: true }).fill('Charges from the thief phone after logins from abroad');
    await page.getByLabel('Window from (inclusive)', { exact: true }).fill(incidentWindow.from);
    await page.getByLabel('Window to (exclusive)', { exact: true }).fill(incidentWindow.to);
    await page.getByLabel('Device ids (optional)', { exact: true }).fill('thief-phone');
    await page.getByLabel('Login countries (optional)', { exact: true }).fill('cn');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await expect.poll(() => page.locator('#dry-run-totals').textContent()).toBe('2 charges on 2 accounts: 29000 JPY.');
    expect(await page.locator('#selected-charges tbody tr').count()).toBe(2);
    const [selection] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download selected charges (CSV)' }).click()]);
    const selected = readFileSync(await selection.path(), 'utf8').trim().split(/\r?\n/);
    expect(selected).toEqual([
      'accountId,chargeId,amount,currency,occurredAt,deviceId',
      'alice,alice-stolen,20000,JPY,2019-07-03T03:00:00.000Z,thief-phone',
      'bob,bob-stolen,9000,JPY,2019-07-03T03:00:00.000Z,thief-phone',
    ]);
    await browser.screenshot(page, 'incident-dry-run');

    // Progress polls the reimbursements, which answer 404 until the first reversal is recorded.
    browser.expectFailedLoad('/v1/incidents/thief-phone-2019/reimbursements');
    await page.getByRole('button', { name: 'Run or propose this incident' }).click();
    await expect.poll(() => page.locator('#run-outcome').textContent()).toBe('Run complete: 2 charges reversed on 2 accounts, 29000 JPY.');
    await expect.poll(() => page.locator('#reimbursements tbody tr').count()).toBe(2);
    expect(await page.locator('#reimbursements-total').textContent()).toBe('Total owed: 29000 JPY to 2 accounts.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download reimbursements (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('reimbursements-thief-phone-2019.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    const api = await apiJson(Reimbursements, '/v1/incidents/thief-phone-2019/reimbursements', consoleKeys.finance);
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('accountId,currency,charges,amount');
    expect(lines.slice(1)).toEqual(api.rows.map((row) => `${row.accountId},${row.currency},${row.charges},${row.amount}`));
    expect(api.rows.map((row) => row.accountId)).toEqual(['alice', 'bob']);
    await browser.screenshot(page, 'incident-reimbursements');
    await expectNoErrors(page);
  });

  it('feeds fraud alerts with links to the accounts, and shows health', async () => {
    const page = await signIn(consoleKeys.auditor, '#/alerts');
    await page.locator('#alerts tbody tr').first().waitFor();
    const { alerts } = await apiJson(Alerts, '/v1/fraud/alerts');
    expect(alerts.length).toBeGreaterThan(0);
    expect(await page.locator('#alerts tbody tr').count()).toBe(alerts.length);
    // Live: an alert raised while the page is open appears at the next poll, newest first.
    await seedForeignLogin(ledger, 'carol');
    await expect.poll(() => page.locator('#alerts tbody tr').count(), { timeout: 10_000 }).toBe(alerts.length + 1);
    expect(await page.locator('#alerts tbody tr').first().locator('a').textContent()).toBe('carol');
    await browser.screenshot(page, 'fraud-alerts');
    await page.locator('#alerts a', { hasText: 'bob' }).first().click();
    await page.locator('.chart canvas').waitFor();
    expect(page.url()).toMatch(/#\/account\/bob$/);

    await page.getByRole('link', { name: 'Health' }).click();
    await expect.poll(() => page.locator('#liveness').textContent()).toBe('Live.');
    // The key pinned on the account page (first test) outlives that tab: this one verifies with it.
    await expect.poll(() => page.locator('#latest-checkpoint').textContent()).toContain('signature verified with your pinned key');
    await browser.screenshot(page, 'health');
    await expectNoErrors(page);
  });
});

// The v1.1 features whose routes are not in this code base yet, against a stand-in that answers
// in the contract's exact formats: they light up, and the checkpoint check runs in Chromium.
describe('the console against the v1.1 contract formats', () => {
  it('shows issuedBy and holds, pins the verifier key after showing its fingerprint, and verifies inclusion', async () => {
    const page = await signIn(consoleKeys.auditor, '#/account/dave', stub.url);
    await page.locator('.chart canvas').waitFor();
    expect(await page.locator('#held-balance').textContent()).toBe('2500 JPY');
    expect(await page.locator('#available-balance').textContent()).toBe('7500 JPY');
    expect(await page.locator('#timeline td', { hasText: 'payments:shop-gateway' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Show the key this server serves' }).click();
    await expect.poll(() => page.locator('#candidate-fingerprint').textContent()).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    await page.getByRole('button', { name: 'Pin this key' }).click();
    expect(await page.locator('.verifier-key code').first().textContent()).toBe(stubVerifierKey);
    await page.getByRole('button', { name: 'Verify #1' }).click();
    await expect.poll(() => page.locator('#timeline tbody tr').nth(1).textContent()).toContain('included (checkpoint of 3)');
    // The stand-in serves event 2 with a hash other than the one in its log: the proof fails.
    await page.getByRole('button', { name: 'Verify #2' }).click();
    await expect.poll(() => page.locator('#timeline tbody tr').nth(2).textContent()).toContain('NOT VERIFIED: the proof does not lead to the signed root');
    await browser.screenshot(page, 'v1.1-account-inclusion');
    await expectNoErrors(page);
  });

  it('pages the selection, downloads it whole, proposes, and approves with progress', async () => {
    const page = await signIn(consoleKeys.finance, '#/incidents', stub.url);
    await page.getByLabel('Incident id', { exact: true }).fill('stub-incident');
    await page.getByLabel('Description', { exact: true }).fill('stub');
    await page.getByLabel('Window from (inclusive)', { exact: true }).fill(incidentWindow.from);
    await page.getByLabel('Window to (exclusive)', { exact: true }).fill(incidentWindow.to);
    await page.getByRole('button', { name: 'Dry run' }).click();
    await expect.poll(() => page.locator('#selected-charges tbody tr').count()).toBe(20);
    await page.getByRole('button', { name: 'Load every selected charge' }).click();
    await expect.poll(() => page.getByText(`Page 1 of 2 (${selectedCount} rows)`).count()).toBe(1);
    await page.getByRole('navigation', { name: 'Selected charges pages' }).getByRole('button', { name: 'Next page' }).click();
    expect(await page.locator('#selected-charges tbody tr').count()).toBe(selectedCount - 20);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download selected charges (CSV)' }).click()]);
    const lines = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('accountId,chargeId,amount,currency,occurredAt,deviceId');
    expect(lines).toHaveLength(selectedCount + 1);
    expect(lines[1]).toBe('victim-00,charge-0,1000,JPY,2019-07-03T03:00:00.000Z,thief-phone');
    await browser.screenshot(page, 'v1.1-incident-selection');

    await page.getByRole('button', { name: 'Run or propose this incident' }).click();
    await expect.poll(() => page.locator('#run-outcome').textContent()).toBe("Proposed as approval-1: awaiting a second person's approval.");
    await page.getByRole('button', { name: 'Approve approval-1' }).click();
    await expect.poll(() => page.locator('#approval-outcome').textContent()).toBe('Decision recorded.');
    await expect.poll(() => page.locator('#reimbursements-total').textContent()).toBe(`Total owed: ${selectedCount * 1000 + 300} JPY to ${selectedCount} accounts.`);
    await browser.screenshot(page, 'v1.1-incident-approved');
    await expectNoErrors(page);
  });

  it("shows the real server's readiness and the lag of every projection its /metrics reports", async () => {
    const metrics = await (await ledger.call('GET', '/metrics', consoleKeys.auditor)).text();
    const served = [...metrics.matchAll(/^ledger_projection_lag_events\{[^}]*projection="([^"]+)"/gm)].map((sample) => sample[1]);
    expect(served.length).toBeGreaterThan(0);
    const page = await signIn(consoleKeys.auditor, '#/health');
    await expect.poll(() => page.locator('#readiness').textContent()).toContain('Ready: ready');
    await expect.poll(() => page.locator('#projection-lag tbody tr').count()).toBe(served.length);
    expect(await page.locator('#projection-lag tbody tr td:first-child').allTextContents()).toEqual(served);
    await expectNoErrors(page);
  });

  it('shows readiness, projection lag and the latest checkpoint verified with the pinned key', async () => {
    const page = await signIn(consoleKeys.auditor, '#/health', stub.url);
    await expect.poll(() => page.locator('#readiness').textContent()).toContain('Ready: ready');
    expect(await page.locator('#projection-lag tbody tr').count()).toBe(2);
    await expect.poll(() => page.locator('#latest-checkpoint').textContent()).toContain('3 events');
    expect(await page.locator('#latest-checkpoint').textContent()).toContain('signature verified with your pinned key');
    await browser.screenshot(page, 'v1.1-health');
    await expectNoErrors(page);
  });
});

describe('the console on a real server with four eyes (LEDGER_FOUR_EYES=incidents)', () => {
  it('one finance user proposes an incident, another approves it, and the reimbursements of its reversals show', async () => {
    const guarded = await startSeededLedger({ LEDGER_FOUR_EYES: 'incidents' }, ledger.consoleDirectory);
    try {
      await seedHistory(guarded);
      const proposer = await signIn(consoleKeys.finance, '#/incidents', guarded.url);
      await proposer.getByLabel('Incident id', { exact: true }).fill('four-eyes-2019');
      await proposer.getByLabel('Description', { exact: true }).fill('Charges from the thief phone, approved by a second person');
      await proposer.getByLabel('Window from (inclusive)', { exact: true }).fill(incidentWindow.from);
      await proposer.getByLabel('Window to (exclusive)', { exact: true }).fill(incidentWindow.to);
      await proposer.getByLabel('Device ids (optional)', { exact: true }).fill('thief-phone');
      await proposer.getByRole('button', { name: 'Dry run' }).click();
      await expect.poll(() => proposer.locator('#dry-run-totals').textContent()).toBe('2 charges on 2 accounts: 29000 JPY.');
      // The reimbursements answer 404 until the first reversal, which waits for the approval.
      browser.expectFailedLoad('/v1/incidents/four-eyes-2019/reimbursements');
      await proposer.getByRole('button', { name: 'Run or propose this incident' }).click();
      await expect.poll(() => proposer.locator('#run-outcome').textContent()).toMatch(/^Proposed as apr-[0-9a-f-]+: awaiting a second person's approval\.$/);
      const approvalId = /apr-[0-9a-f-]+/.exec((await proposer.locator('#run-outcome').textContent()) ?? '')?.[0] ?? '';
      // Nothing is reversed before the second person approves.
      expect((await guarded.call('GET', '/v1/incidents/four-eyes-2019/reimbursements', consoleKeys.auditor)).status).toBe(404);

      const approver = await signIn(secondFinanceKey, '#/incidents', guarded.url);
      await approver.getByRole('button', { name: `Approve ${approvalId}` }).click();
      await expect.poll(() => approver.locator('#approval-outcome').textContent()).toBe('Decision recorded.');
      await expect.poll(() => approver.locator('#reimbursements-total').textContent()).toBe('Total owed: 29000 JPY to 2 accounts.');
      const shown = await (await guarded.call('GET', `/v1/approvals/${approvalId}`, consoleKeys.auditor)).json();
      expect(shown).toMatchObject({ status: 'approved', proposedBy: expect.stringMatching(/^finance:/), decidedBy: 'finance:bea', executed: { outcome: 'succeeded' } });
      await browser.screenshot(approver, 'four-eyes-approved');
      await expectNoErrors(approver);
    } finally {
      await guarded.stop();
    }
    // A second server with its own read-side worker starts inside this test: a wider budget than
    // the file's default on a loaded machine (it takes ~10 s alone).
  }, 180_000);
});
