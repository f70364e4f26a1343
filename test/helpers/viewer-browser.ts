// Debian's Chromium driven by playwright-core, with a fresh profile per launch. Screenshots go to
// test-output/screenshots/ (gitignored) so a person can look at the views.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ROOT } from './viewer-worker';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-output/screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export async function screenshot(
  page: Page,
  name: string,
  opts: { fullPage?: boolean } = {},
): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    fullPage: opts.fullPage ?? true,
  });
}

/**
 * Web-first assertions for playwright-core (which ships none): each polls the locator until the
 * condition holds, or fails after `timeoutMs` saying what it last saw.
 */
export function look(locator: Locator, timeoutMs = 10_000) {
  const until = async (what: string, check: () => Promise<{ ok: boolean; saw: unknown }>) => {
    const end = Date.now() + timeoutMs;
    let last: { ok: boolean; saw: unknown } = { ok: false, saw: undefined };
    while (Date.now() < end) {
      last = await check();
      if (last.ok) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${locator} did not ${what}; last saw ${JSON.stringify(last.saw)}`);
  };
  const text = async () =>
    (await locator.count()) ? ((await locator.first().textContent()) ?? '') : undefined;
  return {
    toContainText: (s: string) =>
      until(`contain "${s}"`, async () => {
        const t = await text();
        return { ok: t !== undefined && t.includes(s), saw: t };
      }),
    toHaveText: (s: string) =>
      until(`have text "${s}"`, async () => {
        const t = (await text())?.trim();
        return { ok: t === s, saw: t };
      }),
    toHaveCount: (n: number) =>
      until(`have count ${n}`, async () => {
        const c = await locator.count();
        return { ok: c === n, saw: c };
      }),
    toBeVisible: () =>
      until('become visible', async () => {
        const v = (await locator.count()) > 0 && (await locator.first().isVisible());
        return { ok: v, saw: v };
      }),
    toHaveValue: (s: string) =>
      until(`have value "${s}"`, async () => {
        const v = await locator.first().inputValue();
        return { ok: v === s, saw: v };
      }),
    toHaveAttribute: (name: string, s: string) =>
      until(`have ${name}="${s}"`, async () => {
        const v = await locator.first().getAttribute(name);
        return { ok: v === s, saw: v };
      }),
  };
}
