#!/usr/bin/env node
import { homedir } from 'node:os';
import { loadConfig, type Config } from '../config';
import { createOutput, runCli } from '../cli';
import { exitWhenFlushed } from './exit';

let cached: Config | undefined;
const code = await runCli(process.argv.slice(2), {
  out: createOutput(),
  env: process.env,
  cwd: process.cwd(),
  home: homedir(),
  now: () => new Date(),
  config: () => (cached ??= loadConfig({ env: process.env, home: homedir() })),
  stdin: process.stdin,
  isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
});
await exitWhenFlushed(code);
