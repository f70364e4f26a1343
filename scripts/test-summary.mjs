// Prints the one plain line CI reads, "N passed, N failed", totalling the runs that
// test/helpers/summary-reporter.ts appended to a TEST_SUMMARY_OUT file (one JSON line per run).
// Usage: node scripts/test-summary.mjs <file> <expected runs>
// A run that never reported (vitest crashed before its end) counts as one failure, so a broken
// run can never look green.
import { existsSync, readFileSync } from 'node:fs';

const [file, expectedArg = '1'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node scripts/test-summary.mjs <summary file> <expected runs>\n');
  process.exit(64);
}
const runs = existsSync(file)
  ? readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
const total = { passed: 0, failed: 0, skipped: 0 };
for (const r of runs) {
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  process.stdout.write(`  ${r.node}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped\n`);
}
const missing = Math.max(0, Number(expectedArg) - runs.length);
if (missing) process.stdout.write(`  ${missing} run(s) never reported: counted as failed\n`);
total.failed += missing;
const skipped = total.skipped ? `, ${total.skipped} skipped` : '';
process.stdout.write(`${total.passed} passed, ${total.failed} failed${skipped}\n`);
process.exit(total.failed ? 1 : 0);
