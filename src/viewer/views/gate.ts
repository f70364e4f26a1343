import { h, mount } from '../dom';

/**
 * Shown without a session: how to get in, and nothing else. The page itself holds no data; the
 * API answers 401 until `claude-mem open` hands the browser a one-time login link.
 */
export function renderGate(
  root: HTMLElement,
  reason: 'no-session' | 'expired' | 'bad-code' = 'no-session',
): void {
  const lead =
    reason === 'bad-code'
      ? 'That login link was already used or has expired. Each link works once.'
      : reason === 'expired'
        ? 'Your viewer session has ended (the worker may have restarted).'
        : 'This viewer shows your memories only to a browser that was let in from your terminal.';
  mount(
    root,
    h(
      'section',
      { class: 'gate', id: 'gate', 'aria-labelledby': 'gate-title' },
      h('h1', { id: 'gate-title' }, 'Open claude-mem from your terminal'),
      h('p', {}, lead),
      h('p', {}, 'Run this where claude-mem is installed:'),
      h('pre', { class: 'command' }, h('code', {}, 'claude-mem open')),
      h(
        'p',
        {},
        'It asks the running worker for a one-time link (',
        h('code', {}, 'http://127.0.0.1:<port>/login?code=…'),
        '), prints it and opens it in your browser. The link signs this browser in and can be used only once.',
      ),
      h(
        'p',
        { class: 'muted' },
        'Worker not running? Start it with ',
        h('code', {}, 'claude-mem worker start'),
        '.',
      ),
    ),
  );
}
