// The conversation on screen: the user's messages as plain text, answers as rendered Markdown, each
// with its state (data-state), a note, Copy and, when it failed, Retry.

import { renderMarkdown } from './markdown.js';

/** Within this of its end, the reader is at the end of the conversation, and the view follows it again. */
const FOLLOW_WITHIN_PX = 48;

const NOTES = {
  stopped: 'Stopped.',
  incomplete: 'Incomplete: the server no longer has the rest of this answer.',
};

export class ChatView {
  /** `actions`: retry(messageId), copied(ok). */
  constructor(list, conversation, actions) {
    this.list = list;
    this.conversation = conversation;
    this.actions = actions;
    this.answers = new Map();
    /** Whether the view follows the conversation's end: until the reader scrolls up, and again once back at the end. */
    this.pinned = true;
    /** Where this view last scrolled to: a scroll elsewhere was the reader's (or the browser's). */
    this.scrolledTo = 0;
    conversation.addEventListener('scroll', () => this.noteScroll(), { passive: true });
    // The conversation shrinks when the header or the composer grows (a two-line title, say), which moves
    // its end out of view without a scroll: a pinned view scrolls back to it.
    new ResizeObserver(() => this.pinned && this.scrollToEnd()).observe(conversation);
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
          ? turns[index].classList.contains('turn-user') && (turns[index].dataset.state === 'sending') === isSending(message)
          : this.answers.get(message.messageId)?.turn === turns[index],
      );
    // Messages added or taken away (one sent, its answer come): the reader keeps their place, if they left the end.
    if (!same) return this.follow(() => this.replace(messages));
    for (const message of messages) if (message.role === 'answer') this.updateAnswer(message, '');
  }

  replace(messages) {
    this.answers.clear();
    this.list.replaceChildren(...messages.map((message) => (message.role === 'user' ? userTurn(message) : this.answerTurn(message))));
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

  answerTurn(answer) {
    const view = new AnswerView(answer, this.actions, (change) => this.follow(change));
    this.answers.set(answer.messageId, view);
    return view.turn;
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
  }

  scrollToEnd() {
    this.conversation.scrollTop = this.conversation.scrollHeight;
    this.scrolledTo = this.conversation.scrollTop;
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
    const buttons = element('div', 'answer-actions');
    buttons.append(this.copy, this.retry);
    this.turn.append(hiddenLabel('Answer:'), this.element, buttons);
    this.copy.addEventListener('click', () => void this.copyText(actions));
    this.retry.addEventListener('click', () => actions.retry(this.messageId));
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
    const shown = {
      state: answer.state,
      note: note || answer.error || NOTES[answer.state] || '',
      retry: answer.state === 'failed' || answer.state === 'incomplete',
      copy: answer.text !== '',
    };
    if (this.shown === undefined || Object.keys(shown).some((key) => shown[key] !== this.shown[key])) {
      this.shown = shown;
      this.follow(() => {
        this.element.dataset.state = shown.state;
        this.element.setAttribute('aria-busy', String(shown.state === 'streaming'));
        this.note.textContent = shown.note;
        this.retry.hidden = !shown.retry;
        this.copy.hidden = !shown.copy;
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
    this.follow(() => renderMarkdown(this.text, this.answer.text));
  }

  async copyText(actions) {
    let ok = true;
    try {
      await navigator.clipboard.writeText(this.answer.text);
    } catch {
      ok = false;
    }
    this.copy.textContent = ok ? 'Copied' : 'Copy failed';
    setTimeout(() => (this.copy.textContent = 'Copy'), 2000);
    actions.copied(ok);
  }
}

function userTurn({ text, ...message }) {
  const turn = element('li', 'turn turn-user');
  if (isSending(message)) turn.dataset.state = 'sending';
  const bubble = element('div', 'message user');
  bubble.dataset.testid = 'user-message';
  bubble.dir = 'auto';
  bubble.textContent = text;
  turn.append(hiddenLabel('You said:'), bubble);
  return turn;
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
