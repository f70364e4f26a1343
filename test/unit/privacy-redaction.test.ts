import { describe, expect, it } from 'vitest';
import { isExcludedProject, privateState, REDACTION_RULES, redactSecrets, sanitize, stripPrivate } from '../../src/privacy';
import { GENERATORS, secretCorpus } from '../helpers/hook-secrets';

describe('stripPrivate', () => {
  it('removes <private> blocks, case-insensitive', () => {
    expect(stripPrivate('a <private>secret</private> b <PRIVATE>x</Private> c')).toBe('a  b  c');
  });
  it('handles nesting: an inner close does not end the outer block', () => {
    expect(stripPrivate('a<private>1<private>2</private>3</private>b')).toBe('ab');
  });
  it('an unclosed block runs to the end', () => {
    expect(stripPrivate('keep <private>drop all of this\nand this')).toBe('keep ');
  });
  it('drops stray closing tags and tags with whitespace or attributes', () => {
    expect(stripPrivate('x</private>y')).toBe('xy');
    expect(stripPrivate('a< private reason="pw" >s</ private >b')).toBe('ab');
  });
  it('honours look-alike spellings of the tags', () => {
    const spellings = [
      ['<PRIVATE>', '</PRIVATE>'],
      ['<Private>', '</pRiVaTe>'],
      ['< private >', '< / private >'],
      ['<private attr="x">', '</private >'],
      ['<private\n>', '</\nprivate>'],
      ['<private/>', '</private>'],
      ['&lt;private&gt;', '&lt;/private&gt;'],
      ['\\u003cprivate\\u003e', '\\u003c/private\\u003e'],
      ['<private>', '<\\/private>'],
      ['＜private＞', '＜/private＞'],
      ['<private-notes>', '</private-notes>'],
    ];
    for (const [open, close] of spellings) {
      expect(stripPrivate(`a ${open}SECRET${close} b`), open).toBe('a  b');
    }
  });
  it('a tag with no closing bracket runs to the end of the text', () => {
    expect(stripPrivate('keep <private SECRET and more')).toBe('keep ');
    expect(stripPrivate('keep <private')).toBe('keep ');
    expect(stripPrivate('a <private>x</private b')).toBe('a ');
  });
  it('carries the state from one text to the next', () => {
    const state = privateState();
    expect(stripPrivate('input <private>SECRET', state)).toBe('input ');
    expect(stripPrivate('still SECRET', state)).toBe('');
    expect(stripPrivate('SECRET</private> output', state)).toBe(' output');
    expect(state.depth).toBe(0);
  });
  it('is correct on adversarial input: a megabyte of unclosed tags', () => {
    const open = '<private '.repeat(120_000);
    expect(stripPrivate(`keep ${open}`)).toBe('keep ');
    expect(stripPrivate(`keep ${'<'.repeat(500_000)}`)).toBe(`keep ${'<'.repeat(500_000)}`);
    expect(stripPrivate(`${'<private>'.repeat(50_000)}x${'</private>'.repeat(50_000)}y`)).toBe('y');
  });
  it('leaves text without tags alone', () => {
    expect(stripPrivate('privateer <privacy>')).toBe('privateer <privacy>');
  });
});

describe('redactSecrets', () => {
  it('takes a YAML block under a secret name that does not start its line (an imported title, prose)', () => {
    const out = redactSecrets('Title 3: secret: |\n  Q7kz9XcVb2Lm8NpR4tYw6HjD1sFgA5eU\nother: x');
    expect(out).not.toContain('Q7kz9XcVb2Lm8NpR4tYw6HjD1sFgA5eU');
    expect(out).toContain('Title 3: secret: |');
    expect(out).toContain('other: x');
    expect(redactSecrets('ok: the token: >-\n  Zr5Tq8Wx2Vn7Km4Pb9Lc3Hd6\n')).not.toContain('Zr5Tq8Wx2Vn7Km4Pb9Lc3Hd6');
  });
  for (const [name, gen] of Object.entries(GENERATORS)) {
    it(`redacts ${name} with a marker naming its kind`, () => {
      for (let i = 0; i < 50; i++) {
        const s = gen();
        const out = redactSecrets(s.text);
        for (const line of s.secret.split('\n')) expect(out).not.toContain(line);
        expect(out).toContain(`[REDACTED:${s.kind}]`);
      }
    });
  }

  it('names the specific kind inside a .env line', () => {
    expect(redactSecrets('ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345')).toBe(
      'ANTHROPIC_API_KEY=[REDACTED:anthropic-key]',
    );
  });

  it('keeps ordinary text, code and harmless assignments', () => {
    const text =
      'NODE_ENV=production\nPORT=3000\nconst tokenizer = "porter";\nskip-this-word and sk-short';
    expect(redactSecrets(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redactSecrets(
      secretCorpus(2)
        .map((s) => s.text)
        .join('\n'),
    );
    expect(redactSecrets(once)).toBe(once);
  });
});

describe('sanitize', () => {
  it('applies to every string of a JSON value, keys included, without changing the input', () => {
    const input = {
      command: 'echo <private>hidden</private>shown',
      nested: [{ out: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' }],
      n: 3,
      ok: true,
      none: null,
    };
    const copy = structuredClone(input);
    const out = sanitize(input);
    expect(out).toEqual({
      command: 'echo shown',
      nested: [{ out: '[REDACTED:github-token]' }],
      n: 3,
      ok: true,
      none: null,
    });
    expect(input).toEqual(copy);
  });

  it('replaces whole values of fields named like secrets', () => {
    expect(
      sanitize({
        password: 'hunter2',
        apiKey: 'x1',
        headers: { Authorization: 'abc' },
        max_tokens: 'many',
      }),
    ).toEqual({
      password: '[REDACTED:secret-value]',
      apiKey: '[REDACTED:secret-value]',
      headers: { Authorization: '[REDACTED:secret-value]' },
      max_tokens: 'many',
    });
  });

  it('with redact off still strips <private>', () => {
    expect(
      sanitize(
        { a: '<private>x</private>sk-ant-api03-abcdefghijklmnopqrstuvwxyz' },
        { redact: false },
      ),
    ).toEqual({
      a: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz',
    });
  });
});

describe('sanitize across the fields of one event', () => {
  it('a <private> block opened in the tool input and closed in the output hides everything between', () => {
    const out = sanitize({
      toolInput: { command: 'echo <private>SECRET1', note: 'SECRET2' },
      toolResponse: { stdout: ['SECRET3', 'SECRET4</private> shown'], exit: 0 },
    });
    expect(JSON.stringify(out)).not.toMatch(/SECRET/);
    expect(out.toolResponse.stdout[1]).toBe(' shown');
    expect(out.toolInput.command).toBe('echo ');
  });
  it('across array elements', () => {
    expect(sanitize(['a <private>', 'SECRET', '</private> b'])).toEqual(['a ', '', ' b']);
  });
  it('secret-named keys holding objects or arrays lose every value inside', () => {
    const out = sanitize({ token: { value: 'SECRETVALUE1', expires: 3600 }, secrets: ['SECRETVALUE2'], name: 'x' });
    expect(JSON.stringify(out)).not.toMatch(/SECRETVALUE|3600/);
    expect(out.name).toBe('x');
  });
  it('{name, value} pairs and argument lists', () => {
    const out = sanitize({
      env: [{ name: 'DB_PASSWORD', value: 'SECRETVALUE1' }, { name: 'PORT', value: '5432' }],
      argv: ['mysql', '-uroot', '-pSECRETVALUE2', 'db'],
      args: ['--password', 'SECRETVALUE3', '--verbose'],
    });
    expect(JSON.stringify(out)).not.toMatch(/SECRETVALUE/);
    expect(out.env[1]?.value).toBe('5432');
    expect(out.argv).toEqual(['mysql', '-uroot', '-p[REDACTED:cli-secret]', 'db']);
  });
});

describe('each redaction rule on adversarial input', () => {
  // Correctness only (speed is measured by `npm run bench -- --only redaction`): the output is
  // the input when nothing in it completes a secret.
  const MB = 1 << 20;
  for (const rule of REDACTION_RULES) {
    it(`${rule.name} leaves repeated unfinished prefixes alone`, () => {
      for (const probe of rule.probes.filter((p) => !/[=:]\s*$|^-p$|^KEY /.test(p))) {
        const text = `${probe} `.repeat(Math.ceil(MB / 8 / (probe.length + 1)));
        expect(rule.apply(text).length).toBeGreaterThan(0);
      }
    });
  }
});

describe('isExcludedProject', () => {
  const p = { root: '/home/u/clients/acme-api', name: 'acme-api' };
  it('matches names and paths with * and **', () => {
    expect(isExcludedProject(p, ['acme-*'])).toBe(true);
    expect(isExcludedProject(p, ['/home/u/clients/**'])).toBe(true);
    expect(isExcludedProject(p, ['/home/*/clients/*'])).toBe(true);
    expect(isExcludedProject(p, ['other', 'acme'])).toBe(false);
  });
  it('a folder covers the projects below it, and ~ is the home folder', () => {
    expect(isExcludedProject(p, ['/home/u/clients'])).toBe(true);
    expect(isExcludedProject(p, ['~/clients'], '/home/u')).toBe(true);
    expect(isExcludedProject(p, ['/home/u/client'])).toBe(false);
  });
  it('ignores empty globs', () => {
    expect(isExcludedProject(p, ['', '  '])).toBe(false);
  });
});

describe('redaction on big, unusual input', () => {
  // Each shape once made a pattern quadratic; the test timeout catches a regression.
  const shapes = {
    'one long word': 'z'.repeat(2_000_000),
    'minified code': 'a.b.c-d_e.'.repeat(200_000),
    'many key=value pairs': 'key=value '.repeat(200_000),
    'many quotes': '"x":"y",'.repeat(200_000),
  };
  for (const [name, text] of Object.entries(shapes)) {
    it(`handles ${name}`, () => {
      expect(redactSecrets(text).length).toBeGreaterThan(0);
    });
  }
});
