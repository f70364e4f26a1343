// 6. Retrieval quality: bench/retrieval.ts (owned by search) over the LoCoMo development set.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchContext } from '../lib/context';
import { REPO_ROOT } from '../lib/env';
import { run } from '../lib/proc';
import type { Row, Section } from '../lib/report';

export const DATASET = resolve(REPO_ROOT, '../shared/bench/locomo-dev.jsonl');

export async function retrievalBench(ctx: BenchContext): Promise<Omit<Section, 'durationMs'>> {
  if (!existsSync(DATASET)) return { status: 'skipped', reason: `${DATASET} is absent`, rows: [] };
  ctx.log('retrieval: bench/retrieval.ts on locomo-dev.jsonl');
  const r = await run(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'bench/retrieval.ts'), DATASET],
    {
      env: process.env,
      cwd: REPO_ROOT,
      timeoutMs: 300_000,
    },
  );
  const line = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (r.code !== 0 || !line)
    return {
      status: 'error',
      reason: `retrieval.ts exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`,
      rows: [],
    };
  const m = JSON.parse(line) as Record<string, number>;
  const num = (k: string) => (typeof m[k] === 'number' ? m[k] : Number.NaN);
  const rows: Row[] = [
    { name: 'recall@5', unit: '', value: num('recall@5'), target: null, pass: null },
    { name: 'recall@10', unit: '', value: num('recall@10'), target: null, pass: null },
    { name: 'MRR', unit: '', value: num('mrr'), target: null, pass: null },
    {
      name: 'query latency p50 (in-process)',
      unit: 'ms',
      value: num('p50_ms'),
      target: null,
      pass: null,
    },
    {
      name: 'query latency p95 (in-process)',
      unit: 'ms',
      value: num('p95_ms'),
      target: null,
      pass: null,
      note: `${num('queries')} queries`,
    },
  ];
  return { status: 'ok', rows, data: m };
}
