// Words the synthetic workload is made of: a fictional web service's modules, files and jargon.
import type { Rng } from './rng';

// Vocabularies, most frequent first (observation text draws from them with `zipf`, queries with
// `pick`): a few words are everywhere, most are rare, as in a real project's notes.
export const MODULES = words(
  'api auth worker queue search cache config session storage billing parser router scheduler logger migrations webhooks metrics email export ui ' +
    'importer notifier ratelimit tenants audit feature-flags payments inventory pricing reports sync uploads thumbnails i18n admin cli telemetry backup geo oauth',
);
export const FILES = words(
  'index client handler schema retry store types validate format limits errors routes service model adapter middleware cursor lease backoff ' +
    'serializer mapper queue-reader writer pool lock clock ids settings fixtures',
);
export const NOUNS = words(
  'request response token user session error timeout payload batch entry job cursor lease invoice record event message query index row ' +
    'transaction connection pool handler listener callback promise stream buffer chunk file path directory header cookie secret key ' +
    'schema migration column table field value counter metric span trace log line snapshot checkpoint backup replica shard partition ' +
    'offset deadline budget quota limit window bucket tenant account customer order cart price discount currency tax refund subscription ' +
    'plan trial webhook signature nonce digest hash salt certificate socket port host proxy gateway route endpoint status code retry ' +
    'backoff jitter heartbeat watchdog scheduler cron interval debounce throttle semaphore mutex latch barrier channel topic subscriber ' +
    'producer consumer worker thread fiber coroutine task queue stack heap pointer reference closure iterator generator parser lexer ' +
    'tokenizer grammar template renderer component hook store reducer selector action dispatcher middleware plugin extension adapter',
);
export const VERBS = words(
  'load parse build resolve flush retry validate render claim refresh fetch store update delete create merge split sort filter map ' +
    'reduce encode decode encrypt decrypt sign verify compress expand cache evict schedule cancel pause resume drain emit subscribe ' +
    'publish normalize sanitize redact serialize hydrate migrate rollback snapshot restore',
);
export const PROBLEMS = words(
  'race-between-two-writers off-by-one-in-pagination stale-cache-after-logout missing-await-on-flush timezone-drift-in-daily-rollup ' +
    'unbounded-retry-loop N+1-query-in-listing memory-leak-in-the-event-emitter wrong-status-code-on-validation-error deadlock-under-WAL-checkpoint ' +
    'double-charge-on-retry lost-update-on-concurrent-edit utf8-truncation-in-preview slow-cold-start flaky-test-on-CI ' +
    'integer-overflow-in-counter leaked-file-descriptor unhandled-promise-rejection clock-skew-between-hosts wrong-locale-in-emails ' +
    'missing-index-on-foreign-key stale-lock-after-crash duplicate-webhook-delivery silent-catch-hiding-errors json-parse-of-empty-body ' +
    'path-traversal-in-upload cors-preflight-rejected token-refresh-storm partial-write-on-disk-full zombie-child-process',
).map((p) => p.replaceAll('-', ' '));

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** A path in the project; `uniform` draws rare modules as often as common ones (for queries). */
export function filePath(rng: Rng, root: string, uniform = false): string {
  const draw = uniform ? rng.pick : rng.zipf;
  const mod = draw(MODULES);
  return rng.chance(0.2)
    ? `${root}/test/${mod}/${draw(FILES)}.test.ts`
    : `${root}/src/${mod}/${draw(FILES)}.ts`;
}

export function ident(rng: Rng, uniform = false): string {
  const draw = uniform ? rng.pick : rng.zipf;
  const noun = draw(NOUNS);
  return `${draw(VERBS)}${noun[0]?.toUpperCase()}${noun.slice(1)}`;
}

/** Plausible TypeScript source, `lines` long. */
export function codeLines(rng: Rng, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const r = rng.next();
    if (r < 0.08) out.push(`import { ${ident(rng)} } from '../${rng.zipf(MODULES)}';`);
    else if (r < 0.2)
      out.push(
        `export async function ${ident(rng)}(${rng.zipf(NOUNS)}: ${rng.pick(['string', 'number', 'Db', 'Request'])}) {`,
      );
    else if (r < 0.55)
      out.push(
        `  const ${rng.zipf(NOUNS)} = await ${rng.zipf(NOUNS)}.${ident(rng)}(${rng.zipf(NOUNS)}, ${rng.int(1, 5000)});`,
      );
    else if (r < 0.7)
      out.push(`  if (!${rng.zipf(NOUNS)}) throw new Error('${rng.zipf(PROBLEMS)}');`);
    else if (r < 0.8)
      out.push(
        `  // ${rng.zipf(PROBLEMS)}: keep the ${rng.zipf(NOUNS)} until the ${rng.zipf(NOUNS)} is flushed`,
      );
    else if (r < 0.9) out.push(`  return ${rng.zipf(NOUNS)};`);
    else out.push('}');
  }
  return out.join('\n');
}
