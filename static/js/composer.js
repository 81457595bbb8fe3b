// The message box: grows with its text up to a limit, counts it against the server's limit, and
// trades Send for Stop while an answer arrives.

import { isAnswering, stopAnswers } from './live-answers.js';
import { state, ui } from './page.js';
import { send, isSending } from './sending.js';

export function refreshControls() {
  const busy = isBusy();
  const { count, limit } = textLength();
  ui.send.disabled = !canSend();
  ui.send.hidden = busy;
  ui.stop.hidden = !busy;
  ui.messages.setAttribute('aria-busy', String(busy));
  ui.rename.hidden = ui.remove.hidden = ui.exportChat.hidden = state.chatId === null;
  ui.counter.textContent = `${count} / ${limit}`;
  const tooLong = count > limit;
  ui.counter.classList.toggle('over', tooLong);
  ui.input.setAttribute('aria-invalid', String(tooLong));
  ui.counter.title = tooLong ? `${count - limit} characters over the limit` : '';
}

export function setComposerText(text) {
  ui.input.value = text;
  fitToText();
  refreshControls();
}

export function isBusy() {
  return state.chatId !== null && isAnswering(state.chatId);
}

export function stopAnswer() {
  if (state.chatId !== null) stopAnswers(state.chatId);
  ui.input.focus();
}

export function sendComposed() {
  if (canSend()) void send(ui.input.value);
}

function canSend() {
  const { count, limit } = textLength();
  return !isSending() && !isBusy() && ui.input.value.trim() !== '' && count <= limit;
}

/** Counted as the server counts: characters (code points), not UTF-16 units. */
function textLength() {
  return { count: Array.from(ui.input.value).length, limit: state.limits.max_text_length };
}

/** As tall as its text, between one line and its CSS max-height, past which it scrolls. */
function fitToText() {
  const input = ui.input;
  input.style.height = 'auto';
  const borders = input.offsetHeight - input.clientHeight;
  input.style.height = `${input.scrollHeight + borders}px`;
}

/** On a phone the hint would wrap to three lines, and the box, sized to it, would take them all. */
function fitPlaceholder(narrow) {
  const input = ui.input;
  input.dataset.widePlaceholder ??= input.placeholder;
  input.placeholder = narrow ? input.dataset.narrowPlaceholder : input.dataset.widePlaceholder;
  fitToText();
}

export function wireComposer() {
  const narrow = window.matchMedia('(max-width: 720px)');
  fitPlaceholder(narrow.matches);
  narrow.addEventListener('change', () => fitPlaceholder(narrow.matches));
  ui.input.addEventListener('input', () => {
    fitToText();
    refreshControls();
  });
  ui.input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    sendComposed();
  });
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    sendComposed();
  });
  ui.stop.addEventListener('click', stopAnswer);
  fitToText();
}
