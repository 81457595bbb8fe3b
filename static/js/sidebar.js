// The chat list: a sidebar on wide screens, a drawer behind the menu button on narrow ones.

const NARROW = window.matchMedia('(max-width: 720px)');

export class Sidebar {
  /** `behind`: the rest of the page, out of reach (inert) while the drawer is open. */
  constructor({ nav, list, menuButton, scrim, behind }) {
    Object.assign(this, { nav, list, menuButton, scrim, behind });
    nav.addEventListener('keydown', (event) => this.isOpen && event.key === 'Tab' && this.keepFocusIn(event));
    menuButton.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    scrim.addEventListener('click', () => this.close());
    list.addEventListener('click', (event) => event.target.closest('a') && this.close({ focusMenu: false }));
    NARROW.addEventListener('change', () => this.close({ focusMenu: false }));
  }

  get isOpen() {
    return this.nav.classList.contains('open');
  }

  /** Lists the chats, the shown one marked as current; a chat whose answer is arriving is marked too. */
  show(chats, currentId, streamingIds) {
    this.list.replaceChildren(
      ...chats.map(({ id, title }) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = `#/chat/${id}`;
        link.className = 'chat-link';
        link.dir = 'auto';
        link.textContent = title;
        link.dataset.testid = 'chat-link';
        link.dataset.chatId = id;
        if (id === currentId) link.setAttribute('aria-current', 'page');
        if (streamingIds.has(id)) link.classList.add('streaming');
        item.append(link);
        return item;
      }),
    );
  }

  open() {
    if (!NARROW.matches) return;
    this.nav.classList.add('open');
    this.scrim.hidden = false;
    this.behind.inert = true;
    this.menuButton.setAttribute('aria-expanded', 'true');
    (this.list.querySelector('[aria-current]') ?? this.nav.querySelector('button'))?.focus();
  }

  close({ focusMenu = true } = {}) {
    if (!this.isOpen) return;
    this.nav.classList.remove('open');
    this.scrim.hidden = true;
    this.behind.inert = false;
    this.menuButton.setAttribute('aria-expanded', 'false');
    if (focusMenu) this.menuButton.focus();
  }

  /** Tab goes round the drawer's controls: past the last one it would leave the page. */
  keepFocusIn(event) {
    const controls = [...this.nav.querySelectorAll('a[href], button:not([disabled])')];
    const [first, last] = [controls[0], controls.at(-1)];
    const edge = event.shiftKey ? first : last;
    if (document.activeElement !== edge) return;
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}
