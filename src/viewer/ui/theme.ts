/**
 * Light and dark themes. With no choice saved the page follows prefers-color-scheme (CSS only);
 * the toggle stores an explicit choice in localStorage and sets `data-theme` on <html>.
 */
type Theme = 'light' | 'dark';
const KEY = 'claude-mem-theme';

export function applySavedTheme(): void {
  const saved = readSaved();
  if (saved) document.documentElement.dataset.theme = saved;
}

export function setupThemeToggle(button: HTMLButtonElement): void {
  const refresh = () => {
    const next = current() === 'dark' ? 'light' : 'dark';
    button.textContent = next === 'dark' ? 'Dark theme' : 'Light theme';
    button.title = `Switch to the ${next} theme`;
  };
  button.addEventListener('click', () => {
    const next: Theme = current() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    save(next);
    refresh();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', refresh);
  refresh();
}

function current(): Theme {
  const explicit = document.documentElement.dataset.theme;
  if (explicit === 'light' || explicit === 'dark') return explicit;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function readSaved(): Theme | undefined {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : undefined;
  } catch (err) {
    // Storage can be disabled (private mode, policy): follow the system theme.
    void err;
    return undefined;
  }
}

function save(theme: Theme): void {
  try {
    localStorage.setItem(KEY, theme);
  } catch (err) {
    // Not persisted; the choice still holds for this page.
    void err;
  }
}
