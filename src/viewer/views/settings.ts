import { api, ApiError } from '../api';
import type { View } from '../app-context';
import { h, mount } from '../dom';
import { notify } from '../ui/dialog';
import type { ContextPreview, CredentialSaved, SettingSaved, SettingsAnswer } from '../../contracts';
import type { CredentialRow, SettingRow } from '../types';


/**
 * Non-secret settings, editable with the worker's own validation (errors shown verbatim), and
 * credentials as set / not set only: a secret can be replaced or removed, never read back.
 */
export class SettingsView implements View {
  async show(root: HTMLElement): Promise<void> {
    const status = h('p', { class: 'feed-status', role: 'status' }, 'Loading…');
    mount(root, h('div', { class: 'view-head' }, h('h1', {}, 'Settings')), status);
    let body: SettingsAnswer;
    try {
      body = await api<SettingsAnswer>('/api/settings');
    } catch (err) {
      status.textContent = `Could not load settings: ${(err as Error).message}`;
      return;
    }
    const list = h('div', { class: 'settings', id: 'settings-list' }, body.settings.map(settingRow));
    mount(
      root,
      h('div', { class: 'view-head' }, h('h1', {}, 'Settings')),
      h(
        'p',
        { class: 'warn-box', id: 'restart-note' },
        'Changes are saved to ',
        h('code', {}, body.settingsPath),
        '. A changed setting takes effect when the worker restarts: run ',
        h('code', {}, 'claude-mem worker restart'),
        '. (The backend, model and keys are also picked up by the running worker on its next pass.)',
      ),
      list,
      previewPanel(list),
      h('h2', {}, 'Credentials'),
      h(
        'p',
        { class: 'muted' },
        'Read only from ',
        h('code', {}, body.envPath),
        '. Values are never shown or sent back; replace one to change it.',
      ),
      h('div', { class: 'settings', id: 'credentials-list' }, body.credentials.map(credentialRow)),
    );
  }

  hide(): void {}
}

function settingRow(s: SettingRow): HTMLElement {
  const id = `set-${s.key}`;
  const msgId = `${id}-msg`;
  const input: HTMLInputElement | HTMLSelectElement = s.choices
    ? h(
        'select',
        { id, name: s.key, 'aria-describedby': `${id}-doc ${msgId}` },
        s.choices.map((c) => h('option', { value: c, selected: String(s.value) === c }, c)),
      )
    : h('input', {
        id,
        name: s.key,
        type: 'text',
        value: String(s.value),
        spellcheck: 'false',
        autocomplete: 'off',
        'aria-describedby': `${id}-doc ${msgId}`,
      });
  const msg = h('p', { class: 'field-msg', id: msgId, 'aria-live': 'polite' });
  const source = h('span', { class: `source source-${s.source}` }, sourceLabel(s.source));
  const save = async (code?: string): Promise<void> => {
    msg.textContent = '';
    msg.className = 'field-msg';
    input.removeAttribute('aria-invalid');
    try {
      const res = await api<SettingSaved>(
        `/api/settings/${encodeURIComponent(s.key)}`,
        { method: 'PUT', body: { value: input.value }, ...(code ? { headers: { [CONFIRM_HEADER]: code } } : {}) },
      );
      form.querySelector('.confirm-box')?.remove();
      input.value = String(res.value);
      source.textContent = sourceLabel(s.source === 'env' ? 'env' : 'file');
      msg.textContent =
        (s.source === 'env'
          ? 'Saved. The environment still overrides it for the running worker.'
          : 'Saved. Takes effect when the worker restarts (claude-mem worker restart).') + clearedNote(res.clearedCredentials);
      msg.classList.add('ok');
    } catch (err) {
      if (needsConfirmation(err)) {
        askConfirmation(form, err, save);
        return;
      }
      input.setAttribute('aria-invalid', 'true');
      msg.textContent =
        err instanceof ApiError && err.hint ? `${err.message} ${err.hint}` : (err as Error).message;
      msg.classList.add('bad');
      notify(`${s.key} was not saved.`, 'error');
    }
  };
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'setting',
      'data-key': s.key,
      onsubmit: (ev) => {
        ev.preventDefault();
        void save();
      },
    },
    h('div', { class: 'setting-head' }, h('label', { for: id }, h('code', {}, s.key)), source),
    h(
      'p',
      { class: 'doc', id: `${id}-doc` },
      s.doc,
      h(
        'span',
        { class: 'muted' },
        ` Expected: ${s.expected}. Default: ${JSON.stringify(s.default)}.`,
      ),
    ),
    h(
      'div',
      { class: 'setting-edit' },
      input,
      h('button', { type: 'submit', class: 'btn' }, 'Save'),
    ),
    msg,
  );
  return form;
}

function credentialRow(c: CredentialRow): HTMLElement {
  const id = `cred-${c.key}`;
  const msg = h('p', { class: 'field-msg', id: `${id}-msg`, 'aria-live': 'polite' });
  const shown = h(
    'span',
    { class: `source ${c.set ? 'source-file' : 'source-default'}`, id: `${id}-state` },
    c.display,
  );
  const input = h('input', {
    id,
    name: c.key,
    type: c.key.endsWith('_URL') ? 'url' : 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: c.set ? 'new value' : 'value',
    'aria-describedby': `${id}-msg`,
  });
  const send = async (value: string | null, code?: string): Promise<void> => {
    msg.textContent = '';
    msg.className = 'field-msg';
    const headers = code ? { headers: { [CONFIRM_HEADER]: code } } : {};
    try {
      const res = await api<CredentialSaved>(
        `/api/credentials/${encodeURIComponent(c.key)}`,
        value === null ? { method: 'DELETE', ...headers } : { method: 'PUT', body: { value }, ...headers },
      );
      form.querySelector('.confirm-box')?.remove();
      shown.textContent = res.display;
      shown.className = `source ${res.set ? 'source-file' : 'source-default'}`;
      remove.hidden = !res.set;
      input.value = '';
      msg.textContent =
        (value === null
          ? 'Removed. Takes effect when the worker restarts.'
          : 'Replaced. Takes effect when the worker restarts.') + clearedNote(res.clearedCredentials);
      msg.classList.add('ok');
    } catch (err) {
      if (needsConfirmation(err)) {
        askConfirmation(form, err, (code) => send(value, code));
        return;
      }
      msg.textContent = (err as Error).message;
      msg.classList.add('bad');
    }
  };
  const remove = h(
    'button',
    { type: 'button', class: 'btn btn-quiet btn-danger', onclick: () => void send(null) },
    'Remove',
  );
  remove.hidden = !c.set;
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'setting',
      'data-key': c.key,
      onsubmit: (ev) => {
        ev.preventDefault();
        if (input.value.trim() === '') {
          msg.textContent = 'Enter a value, or use Remove.';
          msg.className = 'field-msg bad';
          return;
        }
        void send(input.value.trim());
      },
    },
    h('div', { class: 'setting-head' }, h('label', { for: id }, h('code', {}, c.key)), shown),
    h(
      'div',
      { class: 'setting-edit' },
      input,
      h('button', { type: 'submit', class: 'btn' }, c.set ? 'Replace' : 'Set'),
      remove,
    ),
    msg,
  );
  return form;
}

/** Sent with a risky change: the code `claude-mem confirm` printed in the terminal. */
const CONFIRM_HEADER = 'x-claude-mem-confirm';

function needsConfirmation(err: unknown): err is ApiError {
  return err instanceof ApiError && err.kind === 'confirmation_required';
}

/**
 * A risky change (where keys or memory are sent, privacy weaker) waits for a one-time code from
 * the terminal; the viewer's session alone is not enough. Shows what to run and takes the code.
 */
function askConfirmation(form: HTMLElement, err: ApiError, retry: (code: string) => Promise<void>): void {
  form.querySelector('.confirm-box')?.remove();
  const codeId = `${form.getAttribute('data-key') ?? 'x'}-confirm-code`;
  const code = h('input', {
    id: codeId,
    type: 'text',
    class: 'confirm-code',
    autocomplete: 'one-time-code',
    spellcheck: 'false',
    placeholder: 'XXXX-XXXX',
    maxlength: 12,
  });
  const confirm = () => {
    if (code.value.trim() !== '') void retry(code.value.trim());
  };
  const box = h(
    'div',
    { class: 'confirm-box warn-box', role: 'group', 'aria-label': 'Confirm from a terminal' },
    h('p', {}, err.message),
    h('p', {}, 'Run ', h('code', {}, 'claude-mem confirm'), ' in a terminal, check the change it shows, and enter the code it prints:'),
    h(
      'div',
      { class: 'setting-edit' },
      h('label', { for: codeId, class: 'visually-hidden' }, 'Confirmation code'),
      code,
      h('button', { type: 'button', class: 'btn confirm-send', onclick: confirm }, 'Confirm'),
      h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => box.remove() }, 'Cancel'),
    ),
  );
  // Enter in the code field confirms rather than re-submitting the change without a code.
  code.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      confirm();
    }
  });
  form.append(box);
  code.focus();
}

function clearedNote(cleared: string[] | undefined): string {
  // The rows of removed keys say so at once, without a reload.
  for (const key of cleared ?? []) {
    const state = document.getElementById(`cred-${key}-state`);
    if (state) {
      state.textContent = 'not set';
      state.className = 'source source-default';
    }
  }
  return cleared && cleared.length
    ? ` ${cleared.join(', ')} ${cleared.length > 1 ? 'were' : 'was'} removed: a key is only sent to the host it was entered for, so enter it again for the new one.`
    : '';
}

function sourceLabel(source: SettingRow['source']): string {
  return source === 'env'
    ? 'from the environment'
    : source === 'file'
      ? 'from settings.json'
      : 'default';
}

/**
 * The session-start text a new session would get, re-rendered by the worker as the
 * CLAUDE_MEM_CONTEXT_* fields are edited (unsaved values go in the query; nothing is written).
 */
function previewPanel(list: HTMLElement): HTMLElement {
  const out = h('pre', { class: 'context-preview', id: 'context-preview', 'aria-live': 'polite' }, 'Loading…');
  const note = h('p', { class: 'muted', id: 'context-preview-note' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = async () => {
    const query = new URLSearchParams();
    for (const el of list.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[name^="CLAUDE_MEM_CONTEXT_"]'))
      query.set(el.name, el.value);
    try {
      const res = await api<ContextPreview>(`/api/context/preview?${query}`);
      out.textContent = res.project ? res.text || '(nothing: the memory is turned off)' : '(no project recorded yet)';
      note.textContent = res.project ? `Project "${res.project.name}", about ${res.tokens} tokens.` : '';
    } catch (err) {
      note.textContent = `Preview not updated: ${(err as Error).message}`;
    }
  };
  list.addEventListener('input', (ev) => {
    const name = (ev.target as HTMLInputElement | null)?.name ?? '';
    if (!name.startsWith('CLAUDE_MEM_CONTEXT_')) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), 250);
  });
  list.addEventListener('change', (ev) => {
    if ((ev.target as HTMLSelectElement | null)?.name?.startsWith('CLAUDE_MEM_CONTEXT_')) void refresh();
  });
  void refresh();
  return h('section', { class: 'preview' }, h('h2', {}, 'Session-start preview'), note, out);
}
