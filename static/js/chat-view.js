// The conversation on screen: the user's messages as plain text, with Edit; answers as rendered
// Markdown, each with its state (data-state), a note, Copy, Regenerate (or Retry when it failed) and,
// once regenerated, ‹ n/m › to go between its variants. Empty, it shows what the page is for.

import { codeOf, decorateCodeBlocks } from './code-blocks.js';
import { renderMarkdown } from './markdown.js';

/** Within this of its end, the reader is at the end of the conversation, and the view follows it again. */
const FOLLOW_WITHIN_PX = 48;

const NOTES = {
  stopped: 'Stopped.',
  incomplete: 'Incomplete: the server no longer has the rest of this answer.',
};

export class ChatView {
  /**
   * `elements`: list, conversation, emptyState, jump (the "Jump to latest" button).
   * `actions`: retry(messageId), regenerate(messageId), showVariant(messageId, position), edit(index, text), copied(what, ok).
   */
  constructor({ list, conversation, emptyState, jump }, actions) {
    Object.assign(this, { list, conversation, emptyState, jump, actions });
    this.answers = new Map();
    /** Whether the view follows the conversation's end: until the reader scrolls up, and again once back at the end. */
    this.pinned = true;
    /** Where this view last scrolled to: a scroll elsewhere was the reader's (or the browser's). */
    this.scrolledTo = 0;
    /** An answer arrives in the chat shown: what may be sent or changed waits meanwhile. */
    this.busy = false;
    conversation.addEventListener('scroll', () => this.noteScroll(), { passive: true });
    // The conversation shrinks when the header or the composer grows (a two-line title, say), which moves
    // its end out of view without a scroll: a pinned view scrolls back to it.
    new ResizeObserver(() => this.pinned && this.scrollToEnd()).observe(conversation);
    jump.addEventListener('click', () => {
      this.pinned = true;
      this.scrollToEnd();
    });
    list.addEventListener('click', (event) => {
      const copy = event.target.closest('[data-testid="copy-code"]');
      if (copy) void copyText(codeOf(copy), copy, (ok) => actions.copied('code', ok));
    });
  }

  /** Shows these messages (the stored chat), replacing whatever was shown, from their end. */
  show(messages) {
    this.replace(messages);
    this.pinned = true;
    this.scrollToEnd();
  }

  /** Shows these messages, updating the answers in place when the conversation is the one shown. */
  sync(messages) {
    const turns = this.list.children;
    const same =
      turns.length === messages.length &&
      messages.every((message, index) =>
        message.role === 'user'
          ? turns[index].classList.contains('turn-user') &&
            (turns[index].dataset.state === 'sending') === isSending(message) &&
            turns[index].dataset.text === message.text
          : this.answers.get(message.messageId)?.turn === turns[index],
      );
    // Messages added or taken away (one sent, its answer come): the reader keeps their place, if they left the end.
    if (!same) return this.follow(() => this.replace(messages));
    for (const message of messages) if (message.role === 'answer') this.updateAnswer(message, '');
  }

  replace(messages) {
    this.answers.clear();
    this.emptyState.hidden = messages.length > 0;
    this.list.replaceChildren(
      ...messages.map((message, index) => (message.role === 'user' ? this.userTurn(message, index) : this.answerTurn(message))),
    );
    this.setBusy(this.busy);
  }

  /** The answer changed (words arrived, or its state): shows it, following the conversation as it grows. */
  updateAnswer(answer, note) {
    this.answers.get(answer.messageId)?.update(answer, note);
  }

  /** A retried answer gets a new message id. */
  renameAnswer(oldId, answer) {
    const view = this.answers.get(oldId);
    if (!view) return;
    this.answers.delete(oldId);
    this.answers.set(answer.messageId, view);
    view.update(answer, '');
  }

  /** While an answer arrives, nothing that would send (Edit, Regenerate) or change the turns (‹ ›) can be used. */
  setBusy(busy) {
    this.busy = busy;
    for (const control of this.list.querySelectorAll('.turn-action')) control.disabled = busy;
    this.showJump();
  }

  answerTurn(answer) {
    const view = new AnswerView(answer, this.actions, (change) => this.follow(change));
    this.answers.set(answer.messageId, view);
    return view.turn;
  }

  userTurn(message, index) {
    const turn = element('li', 'turn turn-user');
    turn.dataset.text = message.text;
    if (isSending(message)) turn.dataset.state = 'sending';
    const bubble = element('div', 'message user');
    bubble.dataset.testid = 'user-message';
    bubble.dir = 'auto';
    bubble.textContent = message.text;
    turn.append(hiddenLabel('You said:'), bubble);
    if (!isSending(message)) {
      const edit = button('Edit', 'edit-message', 'Edit this message and send it again');
      edit.classList.add('turn-action');
      edit.addEventListener('click', () => this.follow(() => this.openEditor(turn, message.text, index)));
      const actions = element('div', 'message-actions user-actions');
      actions.append(edit);
      turn.append(actions);
    }
    return turn;
  }

  /** Edit puts the message in a box of its own; sent, it replaces the message and drops what followed. */
  openEditor(turn, text, index) {
    const editor = element('form', 'editor');
    const input = element('textarea', 'edit-input');
    input.dataset.testid = 'edit-input';
    input.dir = 'auto';
    input.value = text;
    input.setAttribute('aria-label', 'Edit your message');
    input.rows = Math.min(10, text.split('\n').length + 1);
    const cancel = button('Cancel', 'edit-cancel', 'Keep the message as it was');
    const send = button('Send', 'edit-send', 'Send the edited message; the turns after it are dropped');
    send.type = 'submit';
    send.classList.add('turn-action');
    const buttons = element('div', 'editor-buttons');
    buttons.append(cancel, send);
    editor.append(input, buttons);
    const shown = [...turn.children];
    for (const child of shown) child.hidden = true;
    turn.append(editor);
    const close = () => {
      editor.remove();
      for (const child of shown) child.hidden = false;
    };
    cancel.addEventListener('click', close);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
      } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        editor.requestSubmit();
      }
    });
    editor.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!this.busy && input.value.trim() !== '') this.actions.edit(index, input.value);
    });
    send.disabled = this.busy;
    input.focus();
  }

  /** Keeps the newest message in view as the conversation grows, unless the user scrolled up to read. */
  follow(change) {
    // A scroll event comes a frame late: a scroll since the last one counts already.
    this.noteScroll();
    change();
    if (this.pinned) this.scrollToEnd();
  }

  /**
   * Pinned, the view follows whatever grows or shrinks; only a scroll it did not make decides otherwise.
   * (A distance from the end alone cannot tell: the first message grows the header and the composer by
   * more than any threshold, and the answer then streamed below the fold.)
   */
  noteScroll() {
    const { scrollHeight, scrollTop, clientHeight } = this.conversation;
    if (scrollTop !== this.scrolledTo) this.pinned = scrollHeight - scrollTop - clientHeight < FOLLOW_WITHIN_PX;
    this.showJump();
  }

  /** "Jump to latest" while an answer arrives below where the reader scrolled up to; not otherwise. */
  showJump() {
    this.jump.hidden = this.pinned || !this.busy;
  }

  scrollToEnd() {
    this.conversation.scrollTop = this.conversation.scrollHeight;
    this.scrolledTo = this.conversation.scrollTop;
    this.showJump();
  }
}

class AnswerView {
  /** `follow(change)` makes a change that may grow the conversation, keeping its end in view. */
  constructor(answer, actions, follow) {
    this.follow = follow;
    this.turn = element('li', 'turn turn-answer');
    this.element = element('article', 'message answer');
    this.element.dataset.testid = 'answer';
    this.text = element('div', 'answer-text');
    this.text.dir = 'auto';
    this.note = element('p', 'answer-note');
    this.element.append(this.text, this.note);
    this.copy = button('Copy', 'copy-answer', 'Copy this answer');
    this.retry = button('Retry', 'retry-answer', 'Send this message again');
    this.regenerate = button('Regenerate', 'regenerate-answer', 'Write another answer to this message');
    this.previous = button('‹', 'previous-variant', 'Previous answer');
    this.position = element('span', 'variant-position');
    this.position.dataset.testid = 'variant-position';
    this.next = button('›', 'next-variant', 'Next answer');
    this.variants = element('span', 'variants');
    this.variants.append(this.previous, this.position, this.next);
    for (const control of [this.retry, this.regenerate, this.previous, this.next]) control.classList.add('turn-action');
    const buttons = element('div', 'message-actions');
    buttons.append(this.variants, this.copy, this.retry, this.regenerate);
    this.turn.append(hiddenLabel('Answer:'), this.element, buttons);
    this.copy.addEventListener('click', () => void copyText(this.answer.text, this.copy, (ok) => actions.copied('answer', ok)));
    this.retry.addEventListener('click', () => actions.retry(this.messageId));
    this.regenerate.addEventListener('click', () => actions.regenerate(this.messageId));
    for (const [control, step] of [
      [this.previous, -1],
      [this.next, 1],
    ])
      control.addEventListener(
        'click',
        () => control.hasAttribute('aria-disabled') || actions.showVariant(this.messageId, this.shown.position + step),
      );
    this.rendered = null;
    this.renderTimer = 0;
    this.update(answer, '');
  }

  /**
   * Words arriving change only the text, drawn at the next render: the rest of the answer's DOM (and
   * a layout read to follow it) is touched only when its state, note or buttons change.
   */
  update(answer, note) {
    this.messageId = answer.messageId;
    this.answer = answer;
    const count = (answer.variants?.length ?? 0) + 1;
    const shown = {
      state: answer.state,
      note: note || answer.error || NOTES[answer.state] || '',
      retry: answer.state === 'failed' || answer.state === 'incomplete',
      regenerate: answer.state === 'done' || answer.state === 'stopped',
      copy: answer.text !== '',
      count,
      position: answer.variantIndex ?? count - 1,
    };
    if (this.shown === undefined || Object.keys(shown).some((key) => shown[key] !== this.shown[key])) {
      this.shown = shown;
      this.follow(() => {
        this.element.dataset.state = shown.state;
        this.element.setAttribute('aria-busy', String(shown.state === 'streaming'));
        this.note.textContent = shown.note;
        this.retry.hidden = !shown.retry;
        this.regenerate.hidden = !shown.regenerate;
        this.copy.hidden = !shown.copy;
        this.variants.hidden = shown.count < 2;
        this.position.textContent = `${shown.position + 1} / ${shown.count}`;
        this.position.setAttribute('aria-label', `Answer ${shown.position + 1} of ${shown.count}`);
        this.previous.toggleAttribute('aria-disabled', shown.position === 0);
        this.next.toggleAttribute('aria-disabled', shown.position === shown.count - 1);
      });
    }
    if (answer.state === 'streaming') this.scheduleRender();
    else this.render();
  }

  /** Renders at most once per frame, and less often for long answers: each render parses the whole text. */
  scheduleRender() {
    if (this.renderTimer !== 0) return;
    const delay = Math.min(500, this.answer.text.length / 200);
    this.renderTimer = setTimeout(() => requestAnimationFrame(() => this.render()), delay);
  }

  render() {
    clearTimeout(this.renderTimer);
    this.renderTimer = 0;
    if (this.rendered === this.answer.text) return;
    this.rendered = this.answer.text;
    // Measured around the drawing itself, so that a render that adds lines still counts as following.
    this.follow(() => {
      renderMarkdown(this.text, this.answer.text);
      decorateCodeBlocks(this.text);
    });
  }
}

/** Copies `text`, says so on the button for 2 s, and tells `done(ok)`. */
async function copyText(text, control, done) {
  let ok = true;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    ok = false;
  }
  control.textContent = ok ? 'Copied' : 'Copy failed';
  setTimeout(() => (control.textContent = 'Copy'), 2000);
  done(ok);
}

/** A kept message the server has not taken yet (see chat-store). */
function isSending(message) {
  return message.sendId !== undefined;
}

function hiddenLabel(text) {
  const label = element('span', 'visually-hidden');
  label.textContent = `${text} `;
  return label;
}

function button(text, testid, label) {
  const control = element('button', testid);
  control.type = 'button';
  control.textContent = text;
  control.dataset.testid = testid;
  control.setAttribute('aria-label', label);
  return control;
}

function element(tag, className) {
  const created = document.createElement(tag);
  created.className = className;
  return created;
}
