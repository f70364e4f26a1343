/**
 * Test-only switches, read here because only config/ reads the environment. Unset in real use.
 * CLAUDE_MEM_TEST_IMPORT_STALL_AFTER=N makes `import --from-claude-mem` block inside the
 * transaction of batch N+1, so a test can SIGKILL it at a known point mid-import.
 */
export function importStallAfterBatches(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.CLAUDE_MEM_TEST_IMPORT_STALL_AFTER?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
