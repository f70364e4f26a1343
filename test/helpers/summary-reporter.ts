// Ends every run with the plain line CI reads: "N passed, N failed".
// A file that fails to load counts as one failure, so a broken import can never look green.
// With TEST_SUMMARY_OUT set (CI runs the suite under two Node versions, see
// scripts/test-node-matrix.sh), the counts are appended to that file as one JSON line and the
// line printed here names the Node version; scripts/test-summary.mjs prints the plain total.
import { appendFileSync } from 'node:fs';
import type { Reporter, RunnerTestFile, RunnerTask } from 'vitest';

function count(tasks: RunnerTask[], acc: { passed: number; failed: number; skipped: number }) {
  for (const t of tasks) {
    if (t.type === 'suite') {
      count(t.tasks, acc);
      continue;
    }
    const state = t.result?.state;
    if (state === 'pass') acc.passed++;
    else if (state === 'fail') acc.failed++;
    else acc.skipped++;
  }
}

export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    const acc = { passed: 0, failed: 0, skipped: 0 };
    for (const f of files) {
      if (f.result?.state === 'fail' && f.tasks.length === 0) acc.failed++;
      count(f.tasks, acc);
    }
    acc.failed += errors.length;
    const skipped = acc.skipped ? `, ${acc.skipped} skipped` : '';
    const out = process.env['TEST_SUMMARY_OUT'];
    if (out) appendFileSync(out, `${JSON.stringify({ node: process.version, ...acc })}\n`);
    const prefix = out ? `Node ${process.version}: ` : '';
    process.stdout.write(`\n${prefix}${acc.passed} passed, ${acc.failed} failed${skipped}\n`);
  }
}
