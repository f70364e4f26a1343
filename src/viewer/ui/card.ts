import { h, type Child } from '../dom';
import type { FeedItem, Observation, Prompt, Summary } from '../types';
import { formatTime, relativeTime } from './format';

export interface CardActions {
  /** Ask to forget an observation (the caller confirms first). */
  onForget?: (item: FeedItem) => void;
}

/** One card per feed item. The details stay collapsed until asked for. */
export function renderCard(item: FeedItem, actions: CardActions): HTMLElement {
  switch (item.kind) {
    case 'obs':
      return observationCard(item, item.data, actions);
    case 'sum':
      return summaryCard(item, item.data);
    case 'prompt':
      return promptCard(item, item.data);
  }
}

function observationCard(item: FeedItem, o: Observation, actions: CardActions): HTMLElement {
  const files = [
    ...o.filesModified.map((f) => `${f} (modified)`),
    ...o.filesRead.filter((f) => !o.filesModified.includes(f)),
  ];
  const hasDetails = o.facts.length + o.concepts.length + files.length > 0 || o.narrative !== '';
  return h(
    'article',
    {
      class: `card card-obs type-${safeClass(o.type)}`,
      'data-key': item.key,
      'aria-label': `${o.type}: ${o.title}`,
    },
    h(
      'header',
      { class: 'card-head' },
      h('span', { class: `badge type type-${safeClass(o.type)}` }, o.type),
      originBadge(o.origin, o.model),
      // Team memory: a teammate's note names its author (text, never markup).
      o.author ? h('span', { class: 'badge author', title: 'Shared by a teammate through the team server' }, `by ${o.author}`) : null,
      memoryBadges(o),
      meta(o.createdAt, o.project, `#${o.id}`),
    ),
    h('h3', { class: 'card-title' }, o.title || '(untitled)'),
    o.subtitle ? h('p', { class: 'card-subtitle' }, o.subtitle) : null,
    h(
      'div',
      { class: 'card-foot' },
      hasDetails
        ? h(
            'details',
            { class: 'card-details' },
            h('summary', {}, 'Details'),
            o.facts.length
              ? section(
                  'Facts',
                  h(
                    'ul',
                    {},
                    o.facts.map((f) => h('li', {}, f)),
                  ),
                )
              : null,
            o.narrative ? section('Narrative', h('p', { class: 'narrative' }, o.narrative)) : null,
            o.concepts.length
              ? section(
                  'Concepts',
                  h(
                    'p',
                    { class: 'chips' },
                    o.concepts.map((c) => h('span', { class: 'chip' }, c)),
                  ),
                )
              : null,
            files.length
              ? section(
                  'Files',
                  h(
                    'ul',
                    { class: 'files' },
                    files.map((f) => h('li', {}, h('code', {}, f))),
                  ),
                )
              : null,
          )
        : null,
      actions.onForget
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn btn-quiet btn-danger forget',
              'aria-label': `Forget observation #${o.id}: ${o.title}`,
              onclick: () => actions.onForget?.(item),
            },
            'Forget',
          )
        : null,
    ),
  );
}

/** Whether to trust the note: files changed since, a newer note, merged duplicates (docs/search.md). */
function memoryBadges(o: Observation): Child[] {
  const m = o.memory;
  if (!m) return [];
  const out: Child[] = [];
  if (m.stale?.length) {
    const files = m.stale.map((f) => `${f.path} ${f.change}${f.at ? ` ${f.at.slice(0, 16).replace('T', ' ')}` : ''}`).join(', ');
    out.push(h('span', { class: 'badge memory-stale', title: `Files changed since this was recorded: ${files}` }, 'may be out of date'));
  }
  if (m.supersededBy) out.push(h('span', { class: 'badge memory-superseded', title: `A newer note covers the same files: #${m.supersededBy}` }, `superseded by #${m.supersededBy}`));
  if (m.mergedInto) out.push(h('span', { class: 'badge memory-merged' }, `merged into #${m.mergedInto}`));
  if (m.merged) {
    const seen = `Seen ${m.merged.count} times: ${m.merged.dates.map((d) => d.slice(0, 16).replace('T', ' ')).join(', ')}; merged #${m.merged.ids.join(', #')}`;
    out.push(h('span', { class: 'badge memory-merged', title: seen }, `seen ${m.merged.count}×`));
  }
  return out;
}

function summaryCard(item: FeedItem, s: Summary): HTMLElement {
  const parts: Array<[string, string]> = [
    ['Investigated', s.investigated],
    ['Learned', s.learned],
    ['Completed', s.completed],
    ['Next steps', s.nextSteps],
    ['Notes', s.notes],
  ];
  const filled = parts.filter(([, v]) => v.trim() !== '');
  return h(
    'article',
    { class: 'card card-sum', 'data-key': item.key, 'aria-label': `Summary: ${s.request}` },
    h(
      'header',
      { class: 'card-head' },
      h('span', { class: 'badge type type-summary' }, 'summary'),
      originBadge(s.origin, null),
      meta(s.createdAt, s.project, `summary #${s.id}`),
    ),
    h('h3', { class: 'card-title' }, s.request || '(turn summary)'),
    filled.length
      ? h(
          'details',
          { class: 'card-details' },
          h('summary', {}, 'Details'),
          filled.map(([k, v]) => section(k, h('p', {}, v))),
        )
      : null,
  );
}

function promptCard(item: FeedItem, p: Prompt): HTMLElement {
  const long = p.text.length > 240;
  return h(
    'article',
    { class: 'card card-prompt', 'data-key': item.key, 'aria-label': 'User prompt' },
    h(
      'header',
      { class: 'card-head' },
      h('span', { class: 'badge type type-prompt' }, 'prompt'),
      meta(p.createdAt, p.project ?? '', `turn ${p.promptNumber}`),
    ),
    h('p', { class: 'prompt-text' }, long ? `${p.text.slice(0, 240)}…` : p.text),
    long
      ? h(
          'details',
          { class: 'card-details' },
          h('summary', {}, 'Full prompt'),
          h('p', { class: 'prompt-full' }, p.text),
        )
      : null,
  );
}

function originBadge(origin: string, model: string | null): HTMLElement {
  const label = origin === 'model' ? 'model' : origin === 'raw' ? 'kept raw' : origin;
  const title =
    origin === 'model'
      ? `Written by the model${model ? ` ${model}` : ''}`
      : origin === 'raw'
        ? 'Kept raw: built without the model (offline, budget spent, or the model failed)'
        : 'Added by hand';
  return h('span', { class: `badge origin origin-${safeClass(origin)}`, title }, label);
}

function meta(createdAt: string, project: string, ref: string): HTMLElement {
  return h(
    'span',
    { class: 'card-meta' },
    h('time', { datetime: createdAt, title: formatTime(createdAt) }, relativeTime(createdAt)),
    project ? h('span', { class: 'project' }, project) : null,
    h('span', { class: 'ref' }, ref),
  );
}

function section(title: string, body: Child): HTMLElement {
  return h('section', { class: 'detail' }, h('h4', {}, title), body);
}

function safeClass(s: string): string {
  return s.replace(/[^a-z0-9_-]/gi, '');
}
