// `npm run bench`: what users feel, measured on a seeded synthetic workload. Writes
// bench/results/latest.json and prints the same rows as a Markdown table.
//
//   npm run bench -- [--size tiny|small|full] [--reps N] [--only hook,search,...] [--out path] [--seed N]
//
// --reps overrides the repetitions of every process-level timing (hooks, CLI); in-process search
// runs each query of the mix once.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createContext, PROFILES, type BenchContext, type Profile } from './lib/context';
import { runDrain, type DrainResult } from './lib/drain';
import { gitCommit, machineInfo, makeTempRoot, REPO_ROOT } from './lib/env';
import { markdownTable, SECTIONS, type Report, type Section, type SectionName } from './lib/report';
import { cliAvailable, killAllStarted } from './lib/worker';
import { footprintRows } from './suites/footprint';
import { hookBench } from './suites/hook';
import { pipelineRows } from './suites/pipeline';
import { redactionBench } from './suites/redaction';
import { retrievalBench } from './suites/retrieval';
import { searchBench } from './suites/search';
import { sessionStartBench } from './suites/session-start';
import { startupBench } from './suites/startup';
import { yearRows } from './suites/year';

const FULL_RUN_TARGET_MS = 10 * 60_000;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    size: { type: 'string', default: 'small' },
    reps: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string', default: join(REPO_ROOT, 'bench/results/latest.json') },
    seed: { type: 'string', default: '42' },
    keep: { type: 'boolean', default: false },
  },
});

if (!(values.size in PROFILES)) fail(`--size must be tiny, small or full (got "${values.size}")`);
const profile = PROFILES[values.size as Profile['name']];
const reps = values.reps === undefined ? undefined : Number(values.reps);
if (reps !== undefined && !(Number.isInteger(reps) && reps > 0))
  fail(`--reps must be a positive whole number (got "${values.reps}")`);
const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...SECTIONS];
const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
if (unknown.length)
  fail(`--only: unknown benchmark "${unknown.join('", "')}"; use ${SECTIONS.join(', ')}`);
const seed = Number(values.seed);

const tmpRoot = makeTempRoot();
let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await killAllStarted();
  if (!values.keep) rmSync(tmpRoot, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    void cleanup().then(() => process.exit(130));
  });
}

const t0 = performance.now();
const report: Report = {
  meta: {
    size: profile.name,
    reps: reps ?? null,
    seed,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    machine: machineInfo(),
    commit: gitCommit(),
  },
  sections: {},
};

try {
  if (!cliAvailable()) fail('dist/bin/cli.js is missing: run `node scripts/build.mjs` first');
  const ctx = createContext(profile, seed, tmpRoot);
  let drain: Promise<DrainResult> | undefined;
  const shared = () => (drain ??= runDrain(ctx, profile.pipelineEvents));
  const suites: Record<SectionName, () => Promise<Omit<Section, 'durationMs'>>> = {
    hook: () => hookBench(ctx, reps ?? profile.hookReps),
    sessionStart: () => sessionStartBench(ctx, reps ?? profile.startReps),
    search: () => searchBench(ctx, reps ?? profile.cliReps),
    pipeline: async () => pipelineRows(ctx, await shared()),
    footprint: async () => {
      const base = footprintRows(ctx, await shared());
      const year = await yearRows(ctx);
      return { ...base, rows: [...base.rows, ...year.rows], data: { ...base.data, year: year.data } };
    },
    retrieval: () => retrievalBench(ctx),
    redaction: () => redactionBench(ctx),
    startup: () => startupBench(ctx, reps ?? profile.cliReps),
  };
  for (const name of SECTIONS) {
    if (!only.includes(name)) continue;
    report.sections[name] = await section(ctx, name, suites[name]);
  }
} finally {
  await cleanup();
}

report.meta.durationMs = Math.round(performance.now() - t0);
const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
const m = report.meta.machine;
process.stdout.write(`${markdownTable(report)}\n\n`);
process.stdout.write(
  `size ${profile.name}, seed ${seed}; ${m['cores']} cores (${m['cpuModel']}), ${m['ramGB']} GB RAM, Node ${m['node']}, load ${m['loadAvgAtStart']}\n` +
    `total ${(report.meta.durationMs / 1000).toFixed(1)} s${profile.name === 'full' ? ` (target < ${FULL_RUN_TARGET_MS / 60_000} min: ${report.meta.durationMs < FULL_RUN_TARGET_MS ? 'pass' : 'miss'})` : ''}; report: ${out}\n`,
);
const broken = Object.entries(report.sections).filter(([, s]) => s?.status === 'error');
process.exitCode = broken.length ? 1 : 0;

async function section(
  ctx: BenchContext,
  name: SectionName,
  fn: () => Promise<Omit<Section, 'durationMs'>>,
): Promise<Section> {
  const s0 = performance.now();
  try {
    const result = await fn();
    return { ...result, durationMs: Math.round(performance.now() - s0) };
  } catch (e) {
    const reason = (e as Error).message;
    ctx.log(`${name}: error: ${reason}`);
    return { status: 'error', reason, durationMs: Math.round(performance.now() - s0), rows: [] };
  }
}

function fail(msg: string): never {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(64);
}
