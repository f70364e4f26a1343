// A risky change in the viewer, completed as a user would: save a new ANTHROPIC_BASE_URL in the
// settings page, see it wait for the terminal, run `claude-mem confirm` (real CLI, real worker),
// type the printed code into the page, and see the change made and the old key removed.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, look, screenshot } from '../helpers/viewer-browser';
import { makeDataDir, removeDir, ROOT, startWorker, writeEnvFile, type RunningWorker } from '../helpers/viewer-worker';

const run = promisify(execFile);
const ready = existsSync(CHROMIUM) && existsSync(join(ROOT, 'dist/viewer/app.js')) && existsSync(join(ROOT, 'dist/bin/worker.js'));

describe.skipIf(!ready)('confirming a risky change from the terminal, in a real browser', () => {
  let browser: Browser;
  let worker: RunningWorker;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = makeDataDir();
    writeEnvFile(dataDir, { ANTHROPIC_API_KEY: 'sk-ant-entered-for-a-0123456789', ANTHROPIC_BASE_URL: 'https://gateway-a.example' });
    worker = await startWorker(dataDir);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    if (dataDir) removeDir(dataDir);
  });

  it('a new base URL waits for `claude-mem confirm`, the printed code completes it, the old key is removed', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const { body } = await worker.api<{ url: string }>('/api/login-codes', { method: 'POST' });
    await page.goto(body.url);
    await page.locator('#nav a[data-view="settings"]').click();
    const row = page.locator('form.setting[data-key="ANTHROPIC_BASE_URL"]');
    await row.locator('input').fill('https://gateway-b.example');
    await row.getByRole('button', { name: 'Replace' }).click();
    const box = row.locator('.confirm-box');
    await look(box).toContainText('claude-mem confirm');
    await look(box).toContainText('ANTHROPIC_BASE_URL decides which server receives');
    expect(readFileSync(join(dataDir, '.env'), 'utf8')).toContain('gateway-a.example');
    await screenshot(page, 'settings-confirm-light');

    // A wrong code is refused with the tries left; the box stays for another try.
    await box.locator('input').fill('AAAA-AAAA');
    await box.getByRole('button', { name: 'Confirm' }).click();
    await look(row.locator('.field-msg')).toContainText('tries left');

    const { stdout } = await run(process.execPath, [join(ROOT, 'dist/bin/cli.js'), 'confirm'], {
      env: { PATH: process.env.PATH ?? '', HOME: dataDir, CLAUDE_MEM_DATA_DIR: dataDir },
    });
    expect(stdout).toContain('set ANTHROPIC_BASE_URL to https://gateway-b.example');
    const code = /\b[A-Z2-9]{4}-[A-Z2-9]{4}\b/.exec(stdout)?.[0];
    expect(code).toBeDefined();
    await row.locator('.confirm-box input').fill(code ?? '');
    await row.locator('.confirm-box').getByRole('button', { name: 'Confirm' }).click();
    await look(row.locator('.field-msg')).toContainText('Replaced');
    await look(row.locator('.field-msg')).toContainText('ANTHROPIC_API_KEY was removed');
    expect(await row.locator('.confirm-box').count()).toBe(0);
    await look(page.locator('#cred-ANTHROPIC_API_KEY-state')).toHaveText('not set');
    const env = readFileSync(join(dataDir, '.env'), 'utf8');
    expect(env).toContain('ANTHROPIC_BASE_URL=https://gateway-b.example');
    expect(env).not.toContain('sk-ant-entered-for-a');
    await screenshot(page, 'settings-confirmed-light');
    await context.close();
  }, 60_000);
});
