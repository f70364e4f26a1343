// The report: one JSON document (bench/results/latest.json) and the same rows as a Markdown
// table on stdout, so the README can carry it verbatim.
import type { Dist } from './stats';

export const SECTIONS = [
  'hook',
  'sessionStart',
  'search',
  'pipeline',
  'footprint',
  'retrieval',
  'redaction',
  'startup',
] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface Row {
  name: string;
  unit: string;
  /** Timings: the distribution of the subject. */
  dist?: Dist;
  /** Single numbers (tokens, MB, counts, throughput). */
  value?: number;
  /** The baseline measured interleaved with the subject in the same run. */
  baseline?: { name: string; dist: Dist };
  ratioP50?: number;
  ratioP99?: number;
  target: string | null;
  /** null when the row has no target. */
  pass: boolean | null;
  note?: string;
}

export interface Section {
  status: 'ok' | 'skipped' | 'error';
  reason?: string;
  durationMs: number;
  rows: Row[];
  /** Section-specific raw numbers (e.g. the retrieval JSON). */
  data?: Record<string, unknown>;
}

export interface Report {
  meta: {
    size: string;
    reps: number | null;
    seed: number;
    startedAt: string;
    durationMs: number;
    machine: Record<string, string | number>;
    commit: string;
  };
  sections: Partial<Record<SectionName, Section>>;
}

const fmt = (x: number | undefined, digits = 1): string =>
  x === undefined || Number.isNaN(x) ? '' : Number.isInteger(x) ? String(x) : x.toFixed(digits);

export function markdownTable(report: Report): string {
  const head = [
    'section',
    'metric',
    'p50',
    'p95',
    'p99',
    'baseline p50 / p99',
    'ratio p50 / p99',
    'value',
    'target',
    'result',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const [name, section] of Object.entries(report.sections)) {
    if (!section) continue;
    if (section.status !== 'ok') {
      lines.push(
        `| ${name} | ${section.status}: ${(section.reason ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')} |  |  |  |  |  |  |  |  |`,
      );
      continue;
    }
    for (const r of section.rows) {
      const d = r.dist;
      const u = d ? ` ${r.unit}` : '';
      lines.push(
        `| ${[
          name,
          r.name,
          d ? `${fmt(d.p50)}${u}` : '',
          d ? `${fmt(d.p95)}${u}` : '',
          d ? `${fmt(d.p99)}${u}` : '',
          r.baseline ? `${fmt(r.baseline.dist.p50)} / ${fmt(r.baseline.dist.p99)} ms` : '',
          r.ratioP50 !== undefined ? `${fmt(r.ratioP50, 2)}× / ${fmt(r.ratioP99, 2)}×` : '',
          r.value !== undefined ? `${fmt(r.value, 2)} ${r.unit}` : '',
          r.target ?? '',
          r.pass === null ? '' : r.pass ? 'pass' : '**miss**',
        ].join(' | ')} |`,
      );
    }
  }
  return lines.join('\n');
}
