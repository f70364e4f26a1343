// 4. Pipeline cost: model calls per 100 tool events, tokens per event and drain throughput, with
// the worker talking to a fake Anthropic server that counts what it is sent.
import type { BenchContext } from '../lib/context';
import type { DrainResult } from '../lib/drain';
import type { Row, Section } from '../lib/report';
import { round } from '../lib/stats';

const CALLS_PER_100_TARGET = 15;

export function pipelineRows(ctx: BenchContext, d: DrainResult): Omit<Section, 'durationMs'> {
  void ctx;
  const per100 = round((d.calls / d.toolEvents) * 100);
  const terminal = `${d.states['compressed'] ?? 0} compressed, ${d.states['raw'] ?? 0} raw, ${d.states['failed'] ?? 0} failed`;
  const timeout = d.timedOut
    ? `; timed out with ${(d.states['queued'] ?? 0) + (d.states['processing'] ?? 0)} rows left`
    : '';
  const rows: Row[] = [
    {
      name: `model calls per 100 tool events (${d.toolEvents} events)`,
      unit: 'calls',
      value: per100,
      target: `≤ ${CALLS_PER_100_TARGET}`,
      pass: d.calls > 0 && per100 <= CALLS_PER_100_TARGET,
      note: d.calls === 0 ? `no model call reached the fake server (${terminal})` : terminal,
    },
    {
      name: 'input tokens per tool event',
      unit: 'tokens',
      value: round(d.inputTokens / d.toolEvents, 1),
      target: null,
      pass: null,
    },
    {
      name: 'output tokens per tool event',
      unit: 'tokens',
      value: round(d.outputTokens / d.toolEvents, 1),
      target: null,
      pass: null,
    },
    {
      name: 'drain throughput (fake model, 0 ms latency)',
      unit: 'events/s',
      value: round(d.queuedRows / (d.drainMs / 1000), 1),
      target: null,
      pass: null,
      note: `${d.queuedRows} queue rows (tool events + Stops) in ${round(d.drainMs / 1000, 1)} s${timeout}`,
    },
  ];
  return { status: 'ok', rows, data: { ...d } };
}
