export { createTeamApp, type TeamAppOptions } from './app';
export { addUser, authenticate, hashKey, revokeKey, type KeyOwner } from './keys';
export { migrate, schemaVersion, MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';
export { openPool, startTeamServer, type RunningTeamServer, type TeamServerOptions } from './main';
export { createRateLimit } from './rate-limit';
export { clearServerRuntime, DEFAULT_SERVER_PORT, readServerRuntime, serverRuntimePath, writeServerRuntime, type ServerRuntime } from './runtime';
