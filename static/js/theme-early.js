// A classic script, run before the page is drawn (a module would run after): the theme chosen in an
// earlier visit applies from the first frame, with no flash of the other one.
try {
  const theme = localStorage.getItem('rabbit-chat.v1.theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch {
  // Storage disabled: the system's theme.
}
