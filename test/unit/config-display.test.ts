// The one helper that renders configured URLs for people and logs: user info, query and
// fragment never survive, wherever the URL sits in a message.
import { describe, expect, it } from 'vitest';
import { displaySettingValue, redactUrl, redactUrlsIn, settingChangeRisk, SETTING_KEYS, SETTINGS, URL_EXPECTED } from '../../src/config';

describe('display of URLs and settings', () => {
  it('redacts user info, query and fragment of a URL', () => {
    expect(redactUrl('http://user:pw@host.example:8080/v1?key=abc#tok')).toBe('http://***@host.example:8080/v1?***#***');
    expect(redactUrl('https://api.anthropic.com')).toBe('https://api.anthropic.com');
    expect(redactUrl('sk-ant-not-a-url')).toMatch(/^set \(sha256:[0-9a-f]{8}\)$/);
  });

  it('redacts every URL inside free text and keeps the sentence', () => {
    const msg = 'requests will go to http://u:p@gw.example/v1/v1/messages. Also see https://x.example/?token=s3cret, fine.';
    const out = redactUrlsIn(msg);
    expect(out).toBe('requests will go to http://***@gw.example/v1/v1/messages. Also see https://x.example/?***, fine.');
    expect(redactUrlsIn('Request cannot be constructed from a URL that includes credentials: http://a:b@h/x')).not.toMatch(/a:b/);
    expect(redactUrlsIn('no urls here: sk-ant-123')).toBe('no urls here: sk-ant-123');
  });

  it('shows every URL setting redacted, by kind', () => {
    const urlKeys = SETTING_KEYS.filter((k) => SETTINGS[k].expected === URL_EXPECTED);
    expect(urlKeys.length).toBeGreaterThanOrEqual(3);
    for (const k of urlKeys) expect(displaySettingValue(k, 'http://u:secretpw@h/?key=secretq')).toBe('http://***@h/?***');
  });

  it('classifies destination changes by kind, and weaker privacy by direction', () => {
    for (const k of SETTING_KEYS.filter((k) => SETTINGS[k].expected === URL_EXPECTED)) {
      expect(settingChangeRisk(k, 'https://a.example', 'https://b.example'), k).toBeDefined();
    }
    expect(settingChangeRisk('CLAUDE_MEM_REDACT_SECRETS', false, true)).toBeUndefined();
    expect(settingChangeRisk('CLAUDE_MEM_REDACT_SECRETS', true, false)).toBeDefined();
    expect(settingChangeRisk('CLAUDE_MEM_EXCLUDED_PROJECTS', 'a', 'a,b')).toBeUndefined();
    expect(settingChangeRisk('CLAUDE_MEM_EXCLUDED_PROJECTS', 'a,b', 'b')).toContain('a');
    expect(settingChangeRisk('CLAUDE_MEM_MODEL', 'x', 'y')).toBeUndefined();
  });
});
