import type { ObservationType } from '../../contracts';
import { h } from '../dom';
import type { Project } from '../types';

/** Observation types, kept here as values because the browser bundle imports only types from contracts. */
export const OBSERVATION_TYPES = [
  'bugfix',
  'feature',
  'refactor',
  'change',
  'discovery',
  'decision',
] as const satisfies readonly ObservationType[];

export function projectSelect(
  projects: Project[],
  value: string,
  onChange: (v: string) => void,
): HTMLElement {
  const names = [...new Set(projects.map((p) => p.name))].sort((a, b) => a.localeCompare(b));
  if (value && !names.includes(value)) names.push(value);
  const select = h(
    'select',
    {
      id: 'filter-project',
      name: 'project',
      onchange: (ev) => onChange((ev.target as HTMLSelectElement).value),
    },
    h('option', { value: '' }, 'All projects'),
    names.map((n) => h('option', { value: n, selected: n === value }, n)),
  );
  return field('Project', 'filter-project', select);
}

/** Type filter. The feed adds `summary` and `prompt` as pseudo-types; search does not. */
export function typeSelect(
  value: string,
  onChange: (v: string) => void,
  extra: string[] = [],
): HTMLElement {
  const select = h(
    'select',
    {
      id: 'filter-type',
      name: 'type',
      onchange: (ev) => onChange((ev.target as HTMLSelectElement).value),
    },
    h('option', { value: '' }, 'All types'),
    [...OBSERVATION_TYPES, ...extra].map((t) =>
      h('option', { value: t, selected: t === value }, t),
    ),
  );
  return field('Type', 'filter-type', select);
}

export function field(label: string, id: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}
