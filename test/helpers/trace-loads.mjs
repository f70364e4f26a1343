// `node --import <this file> script.js`: appends the path of every module file the process loads
// to the file named by TRACE_LOADS_FILE, one per line (used to measure what a hot path loads).
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const out = process.env.TRACE_LOADS_FILE;
export async function load(url, context, next) {
  if (out && url.startsWith('file:')) appendFileSync(out, fileURLToPath(url) + '\\n');
  return next(url, context);
}`)}`,
);
