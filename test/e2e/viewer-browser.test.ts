// The web viewer in real headless Chromium against a real worker process (dist/bin/worker.js) on
// a temp data dir seeded through the store. Screenshots of every view, light and dark, land in
// test-output/screenshots/ for a person to look at.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enqueueEvent,
  openStore,
  recordPrompt,
  upsertProject,
  upsertSession,
} from '../../src/store';
import { CHROMIUM, launchChromium, look, screenshot } from '../helpers/viewer-browser';
import { insertLiveObservation, seedViewerData, type Seeded } from '../helpers/viewer-seed';
import {
  FAKE_401_REQUEST_ID,
  makeDataDir,
  removeDir,
  ROOT,
  startRejectingBackend,
  startWorker,
  writeEnvFile,
  type RunningWorker,
} from '../helpers/viewer-worker';

const run = promisify(execFile);
const ready =
  existsSync(CHROMIUM) &&
  existsSync(join(ROOT, 'dist/viewer/app.js')) &&
  existsSync(join(ROOT, 'dist/bin/worker.js'));

/** `claude-mem open --no-browser` against the worker of `dataDir`; returns the printed login URL. */
async function openViaCli(dataDir: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [join(ROOT, 'dist/bin/cli.js'), 'open', '--no-browser'],
    {
      env: { PATH: process.env.PATH ?? '', HOME: dataDir, CLAUDE_MEM_DATA_DIR: dataDir },
    },
  );
  const url = /http:\/\/127\.0\.0\.1:\d+\/login\?code=[0-9a-f]+/.exec(stdout)?.[0];
  if (!url) throw new Error(`no login URL in: ${stdout}`);
  return url;
}

async function signedInPage(
  browser: Browser,
  worker: RunningWorker,
  dark = false,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    colorScheme: dark ? 'dark' : 'light',
    viewport: { width: 1100, height: 900 },
  });
  const page = await context.newPage();
  const { body } = await worker.api<{ url: string }>('/api/login-codes', { method: 'POST' });
  await page.goto(body.url);
  await page.locator('#nav a[data-view="feed"]').waitFor();
  return { context, page };
}

describe.skipIf(!ready)('viewer in a real browser', () => {
  let browser: Browser;
  let worker: RunningWorker;
  let seeded: Seeded;
  let dataDir: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dataDir = makeDataDir();
    seeded = seedViewerData(join(dataDir, 'memory.db'), new Date(), { history: 45 });
    worker = await startWorker(dataDir);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    if (dataDir) removeDir(dataDir);
  });

  it('without a session the page only explains how to get in, and the API answers 401', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await browser.newContext({ colorScheme: scheme });
      const p = await ctx.newPage();
      await p.goto(`${worker.base}/`);
      await look(p.locator('#gate')).toContainText('claude-mem open');
      await look(p.locator('#gate')).toContainText('let in from your terminal');
      expect(await p.locator('.card').count()).toBe(0);
      expect(await p.locator('#nav a').count()).toBe(0);
      const statuses = await p.evaluate(async () =>
        Promise.all(
          ['/api/observations', '/api/status', '/api/settings', '/api/stats/daily'].map(
            async (u) => (await fetch(u)).status,
          ),
        ),
      );
      expect(statuses).toEqual([401, 401, 401, 401]);
      await screenshot(p, `gate-${scheme}`);
      await ctx.close();
    }
  });

  it('claude-mem open prints a one-time link that signs the browser in, and only once', async () => {
    const url = await openViaCli(dataDir);
    context = await browser.newContext({
      colorScheme: 'light',
      viewport: { width: 1100, height: 900 },
    });
    // Keep a handle on the page's EventSource so a test can cut the stream like a network drop.
    await context.addInitScript(() => {
      const Native = window.EventSource;
      const w = window as unknown as { __streams: EventSource[] };
      w.__streams = [];
      window.EventSource = class extends Native {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          w.__streams.push(this);
        }
      };
    });
    page = await context.newPage();
    await page.goto(url);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.locator('#feed-list .card').first().waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === 'cm_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    const other = await browser.newContext();
    const p2 = await other.newPage();
    const again = await p2.goto(url);
    expect(again?.status()).toBe(401);
    expect(await other.cookies()).toEqual([]);
    await p2.goto(`${worker.base}/`);
    await look(p2.locator('#gate')).toBeVisible();
    await other.close();
  });

  it('shows the seeded feed newest first, with type, origin and collapsed details', async () => {
    const cards = page.locator('#feed-list .card-obs');
    await look(cards.first()).toContainText('Moved the feed to server-sent events');
    const titles = await page.locator('#feed-list .card-obs .card-title').allTextContents();
    expect(titles.indexOf('Moved the feed to server-sent events')).toBeLessThan(
      titles.indexOf('Token refresh raced with logout'),
    );
    await look(page.locator('#feed-list .card-sum').first()).toBeVisible();
    await look(page.locator('#feed-list .card-prompt').first()).toContainText(
      'Replace the 5 s polling',
    );
    const raw = page.locator('#feed-list .card-obs', { hasText: 'Bumped Node to 20 in CI' });
    await look(raw.locator('.badge.origin')).toHaveText('kept raw');
    await look(raw.locator('.badge.type')).toHaveText('change');
    await look(raw.locator('.card-meta')).toContainText('acme-api');
    const details = raw.locator('details');
    expect(await details.getAttribute('open')).toBeNull();
    await details.locator('summary').click();
    await look(details).toContainText('Covered by a regression test');
    await look(details).toContainText('src/api/module-5.ts');
    await screenshot(page, 'feed-light');
  });

  it('scrolling loads older pages (keyset before=) until everything is shown, each item once', async () => {
    const status = page.locator('.feed-status');
    for (let i = 0; i < 20 && (await status.textContent()) !== 'That is everything.'; i++) {
      await page
        .locator('.load-more')
        .scrollIntoViewIfNeeded()
        .catch((err: unknown) => void err); // hidden once done
      await page.mouse.wheel(0, 20_000);
      await page.waitForTimeout(100);
    }
    await look(status).toHaveText('That is everything.');
    await look(
      page.locator('#feed-list .card-obs', { hasText: 'Older note 1' }).first(),
    ).toBeVisible();
    const keys = await page
      .locator('#feed-list .card')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.key));
    expect(new Set(keys).size).toBe(keys.length);
    const obsKeys = keys.filter((k) => k?.startsWith('obs:'));
    expect(obsKeys).toHaveLength(12 + 45);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('a new observation appears live over SSE, at the top and only once', async () => {
    await look(page.locator('#live')).toHaveText('Live');
    const project = seeded.projects.api;
    insertLiveObservation(worker.dbPath, project, 'Live observation from the drain');
    const card = page.locator('#feed-list .card', { hasText: 'Live observation from the drain' });
    await look(card).toHaveCount(1);
    await look(page.locator('#feed-list .card').first()).toContainText(
      'Live observation from the drain',
    );
  });

  it('after the live stream drops, the missed observation arrives once (no duplicate after reconnect)', async () => {
    // Cut the stream: closed for good, as after a worker-side drop; the page must open a new one.
    await page.evaluate(() => {
      const es = (window as unknown as { __streams: EventSource[] }).__streams.at(-1);
      es?.close();
      es?.dispatchEvent(new Event('error'));
    });
    await look(page.locator('#live')).toContainText('Offline');
    insertLiveObservation(worker.dbPath, seeded.projects.web, 'Written while the stream was down');
    const card = page.locator('#feed-list .card', { hasText: 'Written while the stream was down' });
    await look(card).toHaveCount(1);
    await look(page.locator('#live')).toHaveText('Live');
    const urls = await page.evaluate(() =>
      (window as unknown as { __streams: EventSource[] }).__streams.map((e) => e.url),
    );
    expect(urls.at(-1)).toMatch(/\/api\/events\?lastEventId=obs%3A\d+$/);
    insertLiveObservation(worker.dbPath, seeded.projects.web, 'Written after the reconnect');
    await look(
      page.locator('#feed-list .card', { hasText: 'Written after the reconnect' }),
    ).toHaveCount(1);
    expect(await card.count()).toBe(1);
  });

  it('search with project, type and date filters puts the query in the URL and survives a reload', async () => {
    await page.locator('#nav a[data-view="search"]').click();
    await page.locator('#search-q').fill('token');
    await page.locator('#filter-project').selectOption('acme-api');
    await page.locator('#filter-type').selectOption('bugfix');
    await page.locator('#search-since').fill('2020-01-01');
    await page.locator('button[type="submit"]', { hasText: 'Search' }).click();
    await look(page.locator('#search-status')).toContainText('for “token”');
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({
      view: 'search',
      q: 'token',
      project: 'acme-api',
      type: 'bugfix',
      since: '2020-01-01',
    });
    const titles = () => page.locator('#search-results .card-title').allTextContents();
    expect(await titles()).toContain('Token refresh raced with logout');
    expect(await titles()).not.toContain('Keep session tokens opaque'); // a decision, filtered out by type
    await screenshot(page, 'search-light');
    await page.reload();
    await look(page.locator('#search-status')).toContainText('for “token”');
    await look(page.locator('#search-q')).toHaveValue('token');
    expect(await titles()).toContain('Token refresh raced with logout');
    // Matching turn summaries follow the observations under their own heading.
    await page.goto(`${worker.base}/?view=search&q=investigate`);
    await look(page.locator('#search-turns')).toHaveText('Matching turn summaries');
    await look(page.locator('#search-status')).toContainText('turn summar');
    expect(await page.locator('#search-turns ~ .card').count()).toBeGreaterThan(0);
    expect(await page.locator('#search-turns ~ .card').first().textContent()).toContain('Investigate:');
    await screenshot(page, 'search-turns-light');
  });

  it('forgetting an observation asks first, then removes it from the feed, the API and search', async () => {
    await page.goto(`${worker.base}/`);
    const title = 'Webhook retries sent duplicate emails';
    const card = page.locator('#feed-list .card-obs', { hasText: title });
    await card.getByRole('button', { name: /Forget observation/ }).click();
    const dialog = page.locator('dialog.confirm');
    await look(dialog).toContainText(title);
    await screenshot(page, 'forget-dialog-light');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await look(card).toHaveCount(1);
    await card.getByRole('button', { name: /Forget observation/ }).click();
    await page.locator('dialog.confirm').getByRole('button', { name: 'Forget' }).click();
    await look(card).toHaveCount(0);
    const id = seeded.observationIds[10] as number;
    expect((await worker.api(`/api/observations/${id}`)).status).toBe(404);
    await page.goto(`${worker.base}/?view=search&q=webhook+duplicate`);
    await look(page.locator('#search-status')).toContainText('No memories match');
  });

  it('health and cost: worker, backend, queue, tokens today and the charts', async () => {
    await page.locator('#nav a[data-view="health"]').click();
    await look(page.locator('#health-panel')).toContainText('offline');
    await look(page.locator('#queue-counts')).toContainText('queued');
    await look(page.locator('#search-index')).toContainText('Related words');
    await look(page.locator('#search-index')).toContainText('up to date');
    await look(page.locator('#search-index')).toContainText('off (no embeddings provider)');
    await look(page.locator('#charts figure')).toHaveCount(2);
    expect(await page.locator('#charts rect.bar').count()).toBeGreaterThan(10);
    await look(page.locator('#charts')).toContainText('daily budget');
    await screenshot(page, 'health-light');
  });

  it('settings: a valid value is saved, a bad one shows the validation error verbatim, secrets are never shown', async () => {
    await page.locator('#nav a[data-view="settings"]').click();
    await look(page.locator('#restart-note')).toContainText('worker restart');
    const row = page.locator('form.setting[data-key="CLAUDE_MEM_CONTEXT_OBSERVATIONS"]');
    await row.locator('input').fill('40');
    await row.getByRole('button', { name: 'Save' }).click();
    await look(row.locator('.field-msg')).toContainText('Saved');
    const file = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(file.CLAUDE_MEM_CONTEXT_OBSERVATIONS).toBe(40);

    const port = page.locator('form.setting[data-key="CLAUDE_MEM_WORKER_PORT"]');
    await port.locator('input').fill('not-a-port');
    await port.getByRole('button', { name: 'Save' }).click();
    await look(port.locator('.field-msg')).toContainText('CLAUDE_MEM_WORKER_PORT');
    await look(port.locator('.field-msg')).toContainText('expected a whole number from 0 to 65535');
    await look(port.locator('input')).toHaveAttribute('aria-invalid', 'true');

    const secret = 'sk-ant-viewer-test-0123456789abcdef';
    const cred = page.locator('form.setting[data-key="ANTHROPIC_API_KEY"]');
    await look(cred.locator('.source')).toHaveText('not set');
    await cred.locator('input').fill(secret);
    await cred.getByRole('button', { name: 'Set' }).click();
    await look(cred.locator('.source')).toContainText('set (sha256:');
    await look(cred.locator('input')).toHaveValue('');
    expect(readFileSync(join(dataDir, '.env'), 'utf8')).toContain(`ANTHROPIC_API_KEY=${secret}`);
    const listing = await page.evaluate(async () => (await fetch('/api/settings')).text());
    expect(listing).not.toContain(secret);
    await page.reload();
    await look(page.locator('form.setting[data-key="ANTHROPIC_API_KEY"] .source')).toContainText(
      'set (sha256:',
    );
    await screenshot(page, 'settings-light');
  });

  it('looks right in the dark theme and on a narrow window, and the theme toggle works', async () => {
    const { context: dark, page: p } = await signedInPage(browser, worker, true);
    await p.locator('#feed-list .card').first().waitFor();
    await screenshot(p, 'feed-dark');
    for (const view of ['search', 'health', 'settings'] as const) {
      await p.goto(`${worker.base}/?view=${view}${view === 'search' ? '&q=token' : ''}`);
      await p
        .locator(
          view === 'health'
            ? '#charts figure'
            : view === 'search'
              ? '#search-results .card'
              : '#settings-list',
        )
        .first()
        .waitFor();
      await screenshot(p, `${view}-dark`);
    }
    await p.setViewportSize({ width: 380, height: 800 });
    await p.goto(`${worker.base}/`);
    await p.locator('#feed-list .card').first().waitFor();
    await screenshot(p, 'feed-narrow-dark', { fullPage: false });
    await p.goto(`${worker.base}/?view=health`);
    await p.locator('#charts figure').first().waitFor();
    await screenshot(p, 'health-narrow-dark', { fullPage: false });
    await p.goto(`${worker.base}/`);
    await p.locator('#feed-list .card').first().waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
      true,
    );
    await p.locator('#theme').click();
    expect(await p.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await p.reload();
    expect(await p.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await dark.close();
  });

  it('keyboard: views are real links and cards real buttons, reachable with Tab', async () => {
    await page.goto(`${worker.base}/`);
    await page.locator('#feed-list .card').first().waitFor();
    const reached = new Set<string>();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      reached.add(
        await page.evaluate(
          () => (document.activeElement as HTMLElement | null)?.textContent?.trim() ?? '',
        ),
      );
    }
    expect([...reached]).toEqual(
      expect.arrayContaining(['Feed', 'Search', 'Health & cost', 'Settings']),
    );
    await page.keyboard.press('Enter'); // on whatever is focused: must not throw the app off
    await page.goto(`${worker.base}/?view=projects`);
    await page.locator('#project-list li').first().waitFor();
    await screenshot(page, 'projects-light');
  });

  it('forgetting a project removes it and everything recorded for it', async () => {
    await page.goto(`${worker.base}/?view=projects`);
    const row = page.locator('#project-list li', { hasText: 'acme-web' });
    await row.getByRole('button', { name: 'Forget project acme-web' }).click();
    await page.locator('dialog.confirm').getByRole('button', { name: 'Forget project' }).click();
    await look(page.locator('#project-list li', { hasText: 'acme-web' })).toHaveCount(0);
    await page.goto(`${worker.base}/`);
    await page.locator('#feed-list .card').first().waitFor();
    expect(await page.locator('#feed-list .card-meta', { hasText: 'acme-web' }).count()).toBe(0);
    const { body } = await worker.api<{ observations: Array<{ project: string }> }>(
      '/api/observations?limit=100',
    );
    expect(body.observations.some((o) => o.project === 'acme-web')).toBe(false);
  });
});

describe.skipIf(!ready)('viewer health panel after a backend 401', () => {
  let browser: Browser;
  let worker: RunningWorker;
  let backend: Awaited<ReturnType<typeof startRejectingBackend>>;
  let dataDir: string;

  beforeAll(async () => {
    backend = await startRejectingBackend();
    dataDir = makeDataDir();
    writeEnvFile(dataDir, {
      ANTHROPIC_API_KEY: 'sk-ant-wrong-key-for-viewer-test',
      ANTHROPIC_BASE_URL: backend.url,
    });
    seedViewerData(join(dataDir, 'memory.db'));
    worker = await startWorker(dataDir, {
      CLAUDE_MEM_PROVIDER: 'claude',
      CLAUDE_MEM_MODEL: 'claude-haiku-4-5',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await backend?.close();
    if (dataDir) removeDir(dataDir);
  });

  it('shows the error verbatim (status, message, request id) with the fix for its kind', async () => {
    const db = openStore(worker.dbPath);
    try {
      const now = new Date().toISOString();
      const projectId = upsertProject(db, '/home/dev/acme-api', 'acme-api', now);
      const sessionId = upsertSession(db, {
        host: 'claude-code',
        hostSessionId: 'viewer-401',
        projectId,
        cwd: '/home/dev/acme-api',
        now,
      }).id;
      const promptNumber = recordPrompt(db, {
        sessionId,
        projectId,
        text: 'Fix the flaky test',
        now,
      });
      const base = { sessionId, projectId, promptNumber, now };
      enqueueEvent(db, {
        ...base,
        key: 'viewer-401:tool-1',
        payload: {
          kind: 'tool',
          toolName: 'Bash',
          toolInput: { command: 'npm test' },
          toolResponse: '1 failed',
          failed: false,
          cwd: '/home/dev/acme-api',
        },
      });
      enqueueEvent(db, {
        ...base,
        key: 'viewer-401:end',
        payload: { kind: 'turn_end', lastAssistantMessage: 'Done.', cwd: '/home/dev/acme-api' },
      });
    } finally {
      db.close();
    }
    await worker.api('/api/nudge', { method: 'POST' });
    let status: { lastError: { status: number | null } | null } = { lastError: null };
    for (let i = 0; i < 200 && !status.lastError; i++) {
      status = (await worker.api<typeof status>('/api/status')).body;
      if (!status.lastError) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status.lastError).toMatchObject({ status: 401 });
    expect(backend.calls()).toBeGreaterThan(0);

    for (const scheme of ['light', 'dark'] as const) {
      const { context, page } = await signedInPage(browser, worker, scheme === 'dark');
      await page.goto(`${worker.base}/?view=health`);
      const panel = page.locator('#last-error');
      await look(panel).toContainText('401');
      await look(panel).toContainText(FAKE_401_REQUEST_ID);
      await look(page.locator('#last-error-message')).toContainText('invalid x-api-key');
      await look(panel).toContainText('~/.claude-mem/.env');
      await look(page.locator('#health-panel')).toContainText('claude-haiku-4-5');
      await look(page.locator('#health-panel')).toContainText('127.0.0.1');
      await screenshot(page, `health-error-${scheme}`);
      await context.close();
    }
  });
});
