// Light, dark, or as the system is: chosen in the sidebar, remembered in this browser (theme-early.js
// applies it before the first frame).

const KEY = 'rabbit-chat.v1.theme';
const THEMES = ['system', 'light', 'dark'];

export function wireTheme(select) {
  select.value = readTheme();
  select.addEventListener('change', () => {
    applyTheme(select.value);
    try {
      if (select.value === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, select.value);
    } catch {
      // Storage disabled: the theme holds until the page is left.
    }
  });
  // Chosen in another tab: this one follows.
  window.addEventListener('storage', (event) => {
    if (event.key !== KEY && event.key !== null) return;
    select.value = readTheme();
    applyTheme(select.value);
  });
}

function readTheme() {
  try {
    const theme = localStorage.getItem(KEY);
    return THEMES.includes(theme) ? theme : 'system';
  } catch {
    return 'system';
  }
}

function applyTheme(theme) {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
