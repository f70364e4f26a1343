import { MemError, type DailyStats } from '../../contracts';
import { observationsPerDay, usagePerDay } from '../../store';
import type { RouteModule } from './types';

/**
 * `GET /api/stats/daily?days=30`: observations per UTC day by type and model tokens per day, plus
 * the running worker's daily budget, for the viewer's charts.
 */
export const uiStatsRoutes: RouteModule = {
  name: 'ui-stats',
  mount(app, deps) {
    app.get('/api/stats/daily', (c) => {
      const raw = c.req.query('days') ?? '30';
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 365) {
        throw new MemError(
          'validation',
          `days must be a whole number from 1 to 365, not "${raw}".`,
        );
      }
      const days = lastDays(deps.now(), n);
      const since = days[0] as string;
      return c.json({
        days,
        observations: observationsPerDay(deps.db, since),
        usage: usagePerDay(deps.db, since),
        budget: deps.status().dailyBudget,
      } satisfies DailyStats);
    });
  },
};

/** The last `n` UTC days, oldest first, as YYYY-MM-DD (today included). */
export function lastDays(today: Date, n: number): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i),
    );
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}
