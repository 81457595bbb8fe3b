// The chat list: a sidebar on wide screens, a drawer behind the menu button on narrow ones. Chats are
// grouped by when they were last used, can be searched (titles and messages), and a chat whose answer
// is arriving says so with a spinner.

import { groupByDate } from './date-groups.js';

const NARROW = window.matchMedia('(max-width: 720px)');

export class Sidebar {
  /**
   * `behind`: the rest of the page, out of reach (inert) while the drawer is open. `search`: the search
   * box. `textOf(chatId)`: a chat's messages, for the search.
   */
  constructor({ nav, list, menuButton, scrim, behind, search, textOf }) {
    Object.assign(this, { nav, list, menuButton, scrim, behind, search, textOf });
    this.shown = { chats: [], currentId: null, streamingIds: new Set() };
    nav.addEventListener('keydown', (event) => this.isOpen && event.key === 'Tab' && this.keepFocusIn(event));
    menuButton.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    scrim.addEventListener('click', () => this.close());
    list.addEventListener('click', (event) => event.target.closest('a') && this.close({ focusMenu: false }));
    search.addEventListener('input', () => this.render());
    search.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || search.value === '') return;
      event.preventDefault();
      search.value = '';
      this.render();
    });
    NARROW.addEventListener('change', () => this.close({ focusMenu: false }));
  }

  get isOpen() {
    return this.nav.classList.contains('open');
  }

  /** Lists the chats, the shown one marked as current; a chat whose answer is arriving is marked too. */
  show(chats, currentId, streamingIds) {
    this.shown = { chats, currentId, streamingIds };
    this.render();
  }

  render() {
    const { chats, currentId, streamingIds } = this.shown;
    const query = this.search.value.trim().toLocaleLowerCase();
    const found =
      query === '' ? chats : chats.filter(({ id, title }) => `${title}\n${this.textOf(id)}`.toLocaleLowerCase().includes(query));
    const groups = groupByDate(found).map(({ label, chats: grouped }) => {
      const group = document.createElement('li');
      group.className = 'chat-group';
      group.dataset.testid = 'chat-group';
      const heading = document.createElement('h3');
      heading.className = 'chat-group-title';
      heading.textContent = label;
      const items = document.createElement('ul');
      items.append(...grouped.map((chat) => chatItem(chat, chat.id === currentId, streamingIds.has(chat.id))));
      group.append(heading, items);
      return group;
    });
    if (query !== '' && found.length === 0) groups.push(note('No chat matches.'));
    this.list.replaceChildren(...groups);
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
    const controls = [...this.nav.querySelectorAll('a[href], button:not([disabled]), input, select')];
    const [first, last] = [controls[0], controls.at(-1)];
    const edge = event.shiftKey ? first : last;
    if (document.activeElement !== edge) return;
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}

function chatItem({ id, title }, current, answering) {
  const item = document.createElement('li');
  item.className = 'chat-item';
  const link = document.createElement('a');
  link.href = `#/chat/${id}`;
  link.className = 'chat-link';
  link.dir = 'auto';
  link.textContent = title;
  link.dataset.testid = 'chat-link';
  link.dataset.chatId = id;
  if (current) link.setAttribute('aria-current', 'page');
  item.append(link);
  if (answering) {
    // Beside the title, not in it: a mark in the title read as part of it ("…" looked like a cut title).
    const spinner = document.createElement('span');
    spinner.className = 'answering';
    spinner.dataset.testid = 'answering-indicator';
    spinner.setAttribute('role', 'img');
    spinner.setAttribute('aria-label', 'Still answering');
    spinner.title = 'Still answering';
    item.append(spinner);
  }
  return item;
}

function note(text) {
  const item = document.createElement('li');
  item.className = 'chat-list-note';
  item.dataset.testid = 'search-empty';
  item.textContent = text;
  return item;
}
