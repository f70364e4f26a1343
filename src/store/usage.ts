import type { Db } from './db';

/** Model token usage per UTC day, provider and model: the daily budget and the cost chart read it. */
export function addUsage(
  db: Db,
  u: { day: string; provider: string; model: string; inputTokens: number; outputTokens: number },
): void {
  db.prepare(
    `INSERT INTO usage (day, provider, model, calls, input_tokens, output_tokens) VALUES (?, ?, ?, 1, ?, ?)
     ON CONFLICT(day, provider, model) DO UPDATE SET calls = calls + 1,
       input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens`,
  ).run(u.day, u.provider, u.model, u.inputTokens, u.outputTokens);
}

export function usageOn(db: Db, day: string): { calls: number; inputTokens: number; outputTokens: number } {
  return db
    .prepare(
      `SELECT COALESCE(SUM(calls), 0) AS calls, COALESCE(SUM(input_tokens), 0) AS inputTokens,
              COALESCE(SUM(output_tokens), 0) AS outputTokens FROM usage WHERE day = ?`,
    )
    .get(day) as { calls: number; inputTokens: number; outputTokens: number };
}

export function usagePerDay(
  db: Db,
  sinceDay: string,
): Array<{ day: string; calls: number; inputTokens: number; outputTokens: number }> {
  return db
    .prepare(
      `SELECT day, SUM(calls) AS calls, SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens
       FROM usage WHERE day >= ? GROUP BY day ORDER BY day`,
    )
    .all(sinceDay) as Array<{ day: string; calls: number; inputTokens: number; outputTokens: number }>;
}
