import { MemError } from '../../contracts';
import { findProjects, type Db } from '../../store';

/** `?limit=`: 1..max, default `def`. */
export function parseLimit(value: string | undefined, def = 50, max = 500): number {
  if (value === undefined || value === '') return def;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new MemError('validation', `limit must be a whole number from 1 to ${max}.`);
  return Math.min(n, max);
}

/** A positive integer id from a path segment or `?before=`. */
export function parseId(value: string | undefined, name = 'id'): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new MemError('validation', `${name} must be a positive whole number.`);
  return n;
}

export function requireId(value: string | undefined, name = 'id'): number {
  const id = parseId(value, name);
  if (id === undefined) throw new MemError('validation', `${name} is required.`);
  return id;
}

/**
 * `?project=` as a root path or a display name (a name may match several roots). Undefined when
 * no filter was asked; an empty list when nothing matches (so the answer is empty, not everything).
 */
export function projectFilter(db: Db, project: string | undefined): number[] | undefined {
  if (project === undefined || project.trim() === '') return undefined;
  return findProjects(db, project.trim()).map((p) => p.id);
}
