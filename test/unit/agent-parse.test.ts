// The parser must survive what real models send back: fences, prose, junk, missing or odd fields.
import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../../src/agent';
import { draft } from '../helpers/worker-fixtures';

const obs = (o: Record<string, unknown>) => JSON.stringify({ observations: [o] });
const first = (text: string) => parseAnswer(text)?.observations[0];

describe('parseAnswer', () => {
  it('reads a clean answer with a summary', () => {
    // The fields whose names the model and we spell alike.
    const same = { type: 'feature', title: 'Added search', subtitle: 's', facts: ['a'], narrative: 'n', concepts: ['pattern'] };
    const r = parseAnswer(
      JSON.stringify({
        observations: [{ ...same, files_read: ['a.ts'], files_modified: ['b.ts'] }],
        summary: {
          request: 'r',
          investigated: 'i',
          learned: 'l',
          completed: 'c',
          next_steps: 'ns',
          notes: 'no',
        },
      }),
    );
    expect(r).toEqual({
      observations: [{ ...same, filesRead: ['a.ts'], filesModified: ['b.ts'] }],
      summary: {
        request: 'r',
        investigated: 'i',
        learned: 'l',
        completed: 'c',
        nextSteps: 'ns',
        notes: 'no',
      },
    });
  });

  it.each([
    ['a ```json fence', '```json\n{"observations": [{"title": "T"}]}\n```'],
    ['a bare fence', '```\n{"observations": [{"title": "T"}]}\n```'],
    [
      'leading prose',
      'Here are the observations you asked for:\n\n{"observations": [{"title": "T"}]}',
    ],
    [
      'prose on both sides',
      'Sure!\n{"observations": [{"title": "T"}]}\nLet me know if you need more.',
    ],
    ['trailing commas', '{"observations": [{"title": "T", "facts": ["a", "b",],},],}'],
    ['smart quotes', '{\u201Cobservations\u201D: [{\u201Ctitle\u201D: \u201CT\u201D}]}'],
    ['// comments', '{\n// the list\n"observations": [{"title": "T"}]\n}'],
    ['a bare array', '[{"title": "T"}]'],
    ['a single observation object', '{"title": "T", "type": "bugfix"}'],
    [
      'braces inside strings',
      'note {not json} then {"observations": [{"title": "T", "narrative": "uses { and ] inside"}]}',
    ],
    [
      'a truncated tail after a full object',
      '{"observations": [{"title": "T"}]} {"observations": [{"title": "U"',
    ],
  ])('survives %s', (_label, text) => {
    expect(first(text)?.title).toBe('T');
  });

  it('fills missing fields with defaults', () => {
    // An empty `change` record with that title.
    expect(first(obs({ title: 'Only a title' }))).toEqual(draft('Only a title'));
  });

  it('maps unknown types to change and is case-insensitive', () => {
    expect(first(obs({ title: 'x', type: 'improvement' }))?.type).toBe('change');
    expect(first(obs({ title: 'x', type: 'BugFix' }))?.type).toBe('bugfix');
    expect(first(obs({ title: 'x', type: 42 }))?.type).toBe('change');
  });

  it('drops unknown concepts and accepts a comma-separated string', () => {
    expect(
      first(obs({ title: 'x', concepts: ['gotcha', 'vibes', 'PATTERN', 'gotcha'] }))?.concepts,
    ).toEqual(['gotcha', 'pattern']);
    expect(first(obs({ title: 'x', concepts: 'trade-off, nonsense' }))?.concepts).toEqual([
      'trade-off',
    ]);
  });

  it('coerces non-string facts and drops empty ones', () => {
    expect(
      first(obs({ title: 'x', facts: [1, true, { port: 8080 }, '', null, ' kept '] }))?.facts,
    ).toEqual(['1', 'true', '{"port":8080}', 'kept']);
    expect(first(obs({ title: 'x', facts: 'one fact, with a comma' }))?.facts).toEqual([
      'one fact, with a comma',
    ]);
  });

  it('accepts camelCase file fields and string lists', () => {
    expect(
      first(obs({ title: 'x', filesRead: 'a.ts, b.ts', filesModified: ['c.ts'] })),
    ).toMatchObject({ filesRead: ['a.ts', 'b.ts'], filesModified: ['c.ts'] });
  });

  it('drops observations with empty or missing titles but keeps the rest', () => {
    const r = parseAnswer(
      JSON.stringify({
        observations: [
          { title: '' },
          { title: '   ' },
          { narrative: 'no title' },
          'a string',
          { title: 'Kept' },
        ],
      }),
    );
    expect(r?.observations.map((o) => o.title)).toEqual(['Kept']);
  });

  it('an explicit empty list is a valid "nothing worth noting"', () => {
    expect(parseAnswer('{"observations": []}')).toEqual({ observations: [] });
  });

  it('a summary alone is usable; missing summary fields default to empty', () => {
    expect(parseAnswer('{"summary": {"request": "r", "nextSteps": "n"}}')).toEqual({
      observations: [],
      summary: {
        request: 'r',
        investigated: '',
        learned: '',
        completed: '',
        nextSteps: 'n',
        notes: '',
      },
    });
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   \n '],
    ['prose', 'I reviewed the events. The developer fixed a bug in the parser.'],
    ['broken JSON', '{"observations": [{"title": "T"'],
    ['an unrelated object', '{"status": "ok"}'],
    ['a list of junk', '{"observations": [1, 2, {"narrative": "no title"}]}'],
    ['a JSON string', '"just a string"'],
    ['a number', '42'],
    ['null', 'null'],
  ])('returns undefined for %s (the caller keeps the batch raw)', (_label, text) => {
    expect(parseAnswer(text)).toBeUndefined();
  });

  it('caps absurdly long fields', () => {
    const o = first(obs({ title: 'T'.repeat(1_000), narrative: 'n'.repeat(10_000) }));
    expect(o?.title.length).toBeLessThanOrEqual(200);
    expect(o?.narrative.length).toBeLessThanOrEqual(4_000);
  });
});
