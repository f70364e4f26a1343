export { createTeamClient, type TeamClient, type TeamClientOptions, type TeamHealth, type TeamProblem, type TeamProblemKind, type TeamResult } from './client';
export { checkServer, MAX_CLOCK_SKEW_MS, type ServerCheck } from './check';
export { syncOnce, type SyncDeps, type SyncReport } from './engine';
export { fitItem } from './fit';
export { startTeamSync, type TeamSync, type TeamSyncConfig, type TeamSyncDeps, type TeamSyncState } from './loop';
