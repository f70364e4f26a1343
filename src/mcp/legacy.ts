import { z } from 'zod';
import { MemError } from '../contracts';
import type { SearchOrder } from '../search';

/**
 * The original claude-mem's (13.x) tool parameters, accepted as aliases so agents, prompts and
 * skills written for it keep working. Each alias is turned into our own parameter before anything
 * else happens, so an old-style call and its new-style twin run the very same search. Giving both
 * names with different values is an error, never a silent choice. The mapping is documented in
 * docs/search.md ("Parameters of the original claude-mem").
 */

const dateAlias = (ours: string) =>
  z
    .union([z.string(), z.number()])
    .optional()
    .describe(`Original claude-mem name for ${ours}: ISO date or timestamp, YYYY-MM-DD, or epoch milliseconds.`);

export const legacySearchShape = {
  dateStart: dateAlias('since'),
  dateEnd: dateAlias('until (inclusive)'),
  obs_type: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('Original claude-mem name for observation types in type: one or a comma-separated list.'),
  orderBy: z
    .enum(['relevance', 'date_desc', 'date_asc'])
    .optional()
    .describe('Original claude-mem name for order: date_desc = newest, date_asc = oldest.'),
};

export const legacyTimelineShape = {
  anchor: z
    .union([z.number(), z.string()])
    .optional()
    .describe('Original claude-mem name: an observation id (= around_id), "S<id>" for a turn summary, or an ISO timestamp (= date).'),
  depth_before: z.number().int().min(0).max(100).optional().describe('Original claude-mem name for before.'),
  depth_after: z.number().int().min(0).max(100).optional().describe('Original claude-mem name for after.'),
};

export const legacyGetShape = {
  orderBy: z
    .enum(['relevance', 'date_desc', 'date_asc'])
    .optional()
    .describe('Original claude-mem name for order: date_desc = newest, date_asc = oldest, relevance = as requested.'),
};

const ORDER_OF: Record<'relevance' | 'date_desc' | 'date_asc', SearchOrder> = {
  relevance: 'relevance',
  date_desc: 'newest',
  date_asc: 'oldest',
};

/** `orderBy` → `order`. */
export function orderFromLegacy(orderBy: keyof typeof ORDER_OF | undefined): SearchOrder | undefined {
  return orderBy === undefined ? undefined : ORDER_OF[orderBy];
}

/**
 * `dateStart`/`dateEnd` → `since`/`until`. Epoch milliseconds (a number or a string of digits,
 * which is how the original's HTTP layer passed them on) become ISO timestamps; the original
 * included a `dateEnd` timestamp itself, our `until` is exclusive, so it moves on by 1 ms. Other
 * text goes through unchanged and is checked like `since`/`until` (YYYY-MM-DD, ISO, 7d).
 */
export function dateFromLegacy(value: string | number | undefined, which: 'since' | 'until'): string | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value).trim();
  if (!/^\d+$/.test(text)) return text;
  const ms = Number(text) + (which === 'until' ? 1 : 0);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) {
    throw new MemError('validation', `"${text}" is not a date (epoch milliseconds out of range).`, {
      hint: 'Use YYYY-MM-DD, an ISO timestamp, or epoch milliseconds such as 1735689600000.',
    });
  }
  return date.toISOString();
}

/**
 * One value from a parameter and its alias: either may be given, or both when they agree.
 */
export function either<T>(ours: { name: string; value: T | undefined }, alias: { name: string; value: T | undefined }): T | undefined {
  if (alias.value === undefined) return ours.value;
  if (ours.value === undefined || JSON.stringify(ours.value) === JSON.stringify(alias.value)) return alias.value;
  throw new MemError('validation', `${ours.name} and ${alias.name} are the same parameter and disagree.`, {
    hint: `Pass only ${ours.name} (${alias.name} is the original claude-mem's name for it).`,
  });
}

/** A list parameter given as an array or a comma-separated string. */
export function listOf(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}
