// `npm run bench` end to end at the tiny size: every benchmark runs once and the JSON report has
// every section, each with rows carrying numbers. No timing is asserted (benchmarks measure speed;
// tests only check that they measure something).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECTIONS, type Report } from '../../bench/lib/report';

const ROOT = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'claude-mem-bench-test-'));
const out = join(dir, 'report.json');
let report: Report;
let stderr = '';

beforeAll(async () => {
  const env = {
    ...process.env,
    CLAUDE_MEM_DATA_DIR: join(dir, 'unused-data'),
    CLAUDE_MEM_WORKER_PORT: '0',
  };
  // Asynchronously: a synchronous spawn would block this test worker for the whole bench, and
  // vitest reports a worker that cannot answer its RPC for that long as an error of the run.
  const r = await new Promise<{ stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bench/run.ts', '--size', 'tiny', '--out', out],
      { cwd: ROOT, env, encoding: 'utf8', timeout: 280_000, maxBuffer: 64 * 1024 * 1024 },
      (_err, stdout, stderr) => done({ stdout, stderr }),
    );
  });
  stderr = `${r.stderr}\n${r.stdout}`;
  expect(existsSync(out), stderr).toBe(true);
  report = JSON.parse(readFileSync(out, 'utf8')) as Report;
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const isNum = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

describe('npm run bench --size tiny', () => {
  it('records the machine and the run', () => {
    expect(report.meta.size).toBe('tiny');
    expect(isNum(report.meta.durationMs)).toBe(true);
    expect(isNum(report.meta.machine['cores'])).toBe(true);
    expect(String(report.meta.machine['node'])).toMatch(/^v\d+/);
  });

  it.each(SECTIONS.filter((s) => s !== 'retrieval'))(
    'section %s ran and every row has numbers',
    (name) => {
      const section = report.sections[name];
      expect(section, `missing section ${name}\n${stderr}`).toBeDefined();
      expect(section?.status, section?.reason).toBe('ok');
      expect(section?.rows.length).toBeGreaterThan(0);
      for (const row of section?.rows ?? []) {
        const numbers = row.dist ? [row.dist.p50, row.dist.p95, row.dist.p99] : [row.value];
        expect(numbers.every(isNum), `${name}: ${row.name} ${JSON.stringify(row)}`).toBe(true);
        if (row.target !== null) expect(typeof row.pass, `${name}: ${row.name}`).toBe('boolean');
        if (row.baseline)
          expect([row.baseline.dist.p50, row.ratioP50, row.ratioP99].every(isNum)).toBe(true);
      }
    },
  );

  it('hook timings come with a node -e 0 baseline for worker down and up', () => {
    const names = report.sections.hook?.rows.map((r) => r.name) ?? [];
    expect(names.slice(0, 2)).toEqual(['PostToolUse hook, worker down', 'PostToolUse hook, worker up']);
    expect(names[2]).toMatch(/^UserPromptSubmit hook with recall/);
    expect(report.sections.hook?.rows.every((r) => r.baseline?.name === 'node -e 0')).toBe(true);
  });

  it('the pipeline reached the fake model and the footprint counted the worker', () => {
    const calls = report.sections.pipeline?.rows.find((r) =>
      r.name.startsWith('model calls per 100'),
    );
    expect(calls?.value).toBeGreaterThan(0);
    const data = report.sections.pipeline?.data as {
      states: Record<string, number>;
      toolEvents: number;
    };
    expect((data.states['queued'] ?? 0) + (data.states['processing'] ?? 0)).toBe(0);
    expect(
      report.sections.footprint?.rows.find((r) => r.name.startsWith('worker RSS idle'))?.value,
    ).toBeGreaterThan(0);
  });

  it('includes the retrieval metrics, or says why the data set was skipped', () => {
    const section = report.sections.retrieval;
    expect(section).toBeDefined();
    if (section?.status === 'skipped') {
      expect(section.reason).toMatch(/absent/);
      return;
    }
    expect(section?.status, section?.reason).toBe('ok');
    for (const key of ['recall@5', 'recall@10', 'mrr', 'p50_ms', 'p95_ms'])
      expect(isNum(section?.data?.[key]), key).toBe(true);
  });
});
