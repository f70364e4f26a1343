declare const __VERSION__: string | undefined;

/** The product version, injected by the bundler (scripts/build.mjs); `0.0.0-dev` when run from source. */
export const WORKER_VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
