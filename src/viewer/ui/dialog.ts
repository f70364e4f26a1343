import { h } from '../dom';

/**
 * A modal confirmation on the native <dialog>: focus is trapped and Escape cancels, for free.
 * Resolves true only when the confirm button is pressed. Focus goes back where it was.
 */
export function confirmDialog(opts: {
  title: string;
  body: string;
  confirm: string;
}): Promise<boolean> {
  const opener = document.activeElement as HTMLElement | null;
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'btn', value: 'cancel' }, 'Cancel');
    const ok = h(
      'button',
      { type: 'button', class: 'btn btn-danger-solid', value: 'confirm' },
      opts.confirm,
    );
    const dialog = h(
      'dialog',
      { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-body' },
      h('h2', { id: 'confirm-title' }, opts.title),
      h('p', { id: 'confirm-body' }, opts.body),
      h('div', { class: 'dialog-actions' }, cancel, ok),
    );
    const done = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      opener?.focus?.();
      resolve(answer);
    };
    cancel.addEventListener('click', () => done(false));
    ok.addEventListener('click', () => done(true));
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** A short polite message for screen readers and sighted users alike. */
export function notify(text: string, tone: 'info' | 'error' = 'info'): void {
  const region = document.getElementById('notices');
  if (!region) return;
  const note = h(
    'p',
    { class: `notice notice-${tone}`, role: tone === 'error' ? 'alert' : 'status' },
    text,
  );
  region.append(note);
  setTimeout(() => note.remove(), tone === 'error' ? 10_000 : 4_000);
}
