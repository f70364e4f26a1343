// What every benchmark gets: the size profile, the seed, a temp root, seeded stores (built once
// per size and shared), and the interleaving loop that keeps baselines honest on a noisy machine.
import { performance } from 'node:perf_hooks';
import { seedStore, type SeedResult } from '../seed';
import { makeDataDir, makeProject, type DataDir } from './env';

export interface Profile {
  name: 'tiny' | 'small' | 'full';
  /** Warm-up runs (discarded) before each timed series. */
  warmup: number;
  hookReps: number;
  startSizes: number[];
  startReps: number;
  searchSizes: number[];
  searchQueries: number;
  /** In-process search stops early after this long per store size (slow search must not stall the run). */
  searchBudgetMs: number;
  cliReps: number;
  pipelineEvents: number;
  /** The store whose size on disk is reported per 10k observations. */
  dbSizeObs: number;
}

export const PROFILES: Record<Profile['name'], Profile> = {
  tiny: {
    name: 'tiny',
    warmup: 1,
    hookReps: 4,
    startSizes: [1_000],
    startReps: 3,
    searchSizes: [1_000],
    searchQueries: 40,
    searchBudgetMs: 10_000,
    cliReps: 3,
    pipelineEvents: 150,
    dbSizeObs: 1_000,
  },
  small: {
    name: 'small',
    warmup: 2,
    hookReps: 30,
    startSizes: [1_000, 10_000],
    startReps: 20,
    searchSizes: [10_000],
    searchQueries: 200,
    searchBudgetMs: 30_000,
    cliReps: 10,
    pipelineEvents: 2_000,
    dbSizeObs: 10_000,
  },
  full: {
    name: 'full',
    warmup: 3,
    hookReps: 100,
    startSizes: [1_000, 10_000, 100_000],
    startReps: 40,
    searchSizes: [10_000, 100_000],
    searchQueries: 400,
    searchBudgetMs: 45_000,
    cliReps: 20,
    pipelineEvents: 10_000,
    dbSizeObs: 100_000,
  },
};

export interface SeededStore {
  n: number;
  data: DataDir;
  seed: SeedResult;
  seedMs: number;
}

export interface BenchContext {
  profile: Profile;
  seed: number;
  tmpRoot: string;
  /** The project every store and hook payload uses (a folder with a `.git`). */
  project: { root: string; name: string };
  log(msg: string): void;
  store(n: number): SeededStore;
}

export function createContext(profile: Profile, seed: number, tmpRoot: string): BenchContext {
  const root = makeProject(tmpRoot, 'shop-api');
  const stores = new Map<number, SeededStore>();
  const log = (msg: string) =>
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  return {
    profile,
    seed,
    tmpRoot,
    project: { root, name: 'shop-api' },
    log,
    store(n) {
      const hit = stores.get(n);
      if (hit) return hit;
      const data = makeDataDir(tmpRoot, `obs-${n}`);
      const t0 = performance.now();
      const seed = seedStore(data.paths.dbPath, {
        root,
        name: 'shop-api',
        observations: n,
        seed: 1000 + n,
      });
      const s: SeededStore = { n, data, seed, seedMs: performance.now() - t0 };
      log(
        `seeded ${n} observations in ${Math.round(s.seedMs)} ms (${(seed.dbBytes / 1e6).toFixed(1)} MB)`,
      );
      stores.set(n, s);
      return s;
    },
  };
}

/**
 * Run each subject once per rep, rotating which goes first, after `warmup` untimed reps.
 * Returns the timed samples (ms) per subject, in the order given. With `budgetMs`, stops early
 * once that much time has passed and at least `minReps` reps were timed.
 */
export async function interleave(
  reps: number,
  warmup: number,
  subjects: Array<(i: number) => Promise<number>>,
  limit: { budgetMs: number; minReps: number } | undefined = undefined,
): Promise<number[][]> {
  const samples = subjects.map(() => [] as number[]);
  const deadline = limit ? performance.now() + limit.budgetMs : Number.POSITIVE_INFINITY;
  for (let i = 0; i < warmup + reps; i++) {
    if (limit && i - warmup >= limit.minReps && performance.now() > deadline) break;
    for (let k = 0; k < subjects.length; k++) {
      const j = (i + k) % subjects.length;
      const ms = await (subjects[j] as (i: number) => Promise<number>)(i);
      if (i >= warmup) (samples[j] as number[]).push(ms);
    }
  }
  return samples;
}
