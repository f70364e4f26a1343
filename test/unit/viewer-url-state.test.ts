import { describe, expect, it } from 'vitest';
import { parseState, toSearch } from '../../src/viewer/url-state';

describe('viewer URL state', () => {
  it('round-trips a search with filters through the query string', () => {
    const search =
      '?view=search&q=auth+token&project=api&type=bugfix&since=2026-01-01&until=2026-01-31';
    const state = parseState(search);
    expect(state).toEqual({
      view: 'search',
      q: 'auth token',
      project: 'api',
      type: 'bugfix',
      since: '2026-01-01',
      until: '2026-01-31',
    });
    expect(parseState(toSearch(state))).toEqual(state);
  });

  it('defaults to the feed, drops unknown views and malformed dates', () => {
    expect(parseState('')).toMatchObject({ view: 'feed', q: '' });
    expect(parseState('?view=nope&since=yesterday')).toMatchObject({ view: 'feed', since: '' });
    expect(parseState('?q=x').view).toBe('search');
  });

  it('keeps only the filters a view uses', () => {
    expect(
      toSearch({ view: 'feed', q: 'x', project: 'p', type: '', since: '2026-01-01', until: '' }),
    ).toBe('?project=p');
    expect(
      toSearch({ view: 'health', q: 'x', project: 'p', type: 't', since: '', until: '' }),
    ).toBe('?view=health');
  });

  it('keeps the team-memory author filter on the search view only, and only mine or team', () => {
    const state = { view: 'search' as const, q: 'auth', project: '', type: '', since: '', until: '', author: 'team' as const };
    expect(toSearch(state)).toBe('?view=search&q=auth&author=team');
    expect(parseState(toSearch(state))).toEqual(state);
    expect(toSearch({ ...state, view: 'feed' })).toBe('');
    expect(parseState('?view=search&author=everyone').author).toBeUndefined();
  });
});
