'use strict';

const DEFAULT_TITLE = 'New Chat';

const ui = {
  title: document.querySelector('[data-testid="chat-title"]'),
  newChat: document.querySelector('[data-testid="new-chat"]'),
  status: document.getElementById('status'),
  conversation: document.getElementById('conversation'),
  messages: document.querySelector('[data-testid="message-list"]'),
  form: document.getElementById('composer'),
  input: document.querySelector('[data-testid="message-input"]'),
  send: document.querySelector('[data-testid="send-button"]'),
  stop: document.querySelector('[data-testid="stop-button"]'),
};

const chat = { id: null, title: DEFAULT_TITLE, busy: false, stream: null, stopStreaming: null };
// Answers to a chat the user has left must not land in the new one.
let generation = 0;

async function startChat() {
  const mine = ++generation;
  closeStream();
  Object.assign(chat, { id: null, busy: false });
  ui.messages.replaceChildren();
  showTitle(DEFAULT_TITLE);
  showStatus('Starting a chat…');
  refreshControls();
  try {
    const started = await post('/start');
    if (mine !== generation) return;
    chat.id = started.chat_id;
    showTitle(started.chat_title);
    showStatus('');
    ui.input.focus();
  } catch (error) {
    if (mine !== generation) return;
    showStatus(`Could not start a chat: ${error.message}. Press “New chat” to try again.`, true);
  }
  refreshControls();
}

async function sendMessage() {
  if (!canSend()) return;
  const mine = generation;
  const text = ui.input.value;
  ui.input.value = '';
  ui.input.focus();
  setBusy(true);
  appendToConversation(() => ui.messages.append(userBubble(text)));
  const answer = answerBubble();
  appendToConversation(() => ui.messages.append(answer.element));
  const form = new FormData();
  form.append('text', text);
  form.append('chat_title', chat.title);
  try {
    const accepted = await post(`/start/${encodeURIComponent(chat.id)}`, form);
    if (mine !== generation) return;
    showTitle(accepted.chat_title);
    streamAnswer(accepted, answer);
  } catch (error) {
    if (mine !== generation) return;
    answer.fail(`Not sent: ${error.message}`);
    if (ui.input.value === '') ui.input.value = text;
    setBusy(false);
  }
}

function streamAnswer({ chat_id, message_id }, answer) {
  const source = new EventSource(`/stream/${encodeURIComponent(chat_id)}/${encodeURIComponent(message_id)}`);
  chat.stream = source;
  let lastSeq = 0;
  const stop = () => {
    source.close();
    if (chat.stream !== source) return;
    chat.stream = null;
    chat.stopStreaming = null;
    setBusy(false);
  };
  // Deleting the answer stops it mid-way (the worker stops generating), or, once it is all here,
  // tells the server it need not keep it for a resume.
  const release = () => {
    fetch(`/stream/${encodeURIComponent(chat_id)}/${encodeURIComponent(message_id)}`, { method: 'DELETE' }).catch(() => undefined);
  };
  chat.stopStreaming = () => {
    stop();
    answer.stop();
    release();
  };
  refreshControls();
  const complete = () => {
    if (chat.stream !== source) return;
    answer.finish();
    stop();
    release();
  };
  source.addEventListener('open', () => answer.note(''));
  source.addEventListener('message', (event) => {
    const word = readWord(event.data);
    if (!word) return;
    // Finishing on the done word, not only on `end`, keeps a drop between the two from reading as a failure.
    if (word.done) return complete();
    if (word.seq <= lastSeq) return;
    lastSeq = word.seq;
    appendToConversation(() => answer.addWord(word.text));
  });
  source.addEventListener('end', complete);
  source.addEventListener('error', (event) => {
    // The server's own `event: error` carries a reason; the browser's connection errors carry none.
    if (event instanceof MessageEvent) {
      answer.fail(event.data || 'The answer failed.');
      stop();
    } else if (source.readyState === EventSource.CLOSED) {
      answer.fail('Connection lost; the answer may be incomplete.');
      stop();
    } else {
      answer.note('Reconnecting…');
    }
  });
}

function readWord(data) {
  try {
    const word = JSON.parse(data);
    return word && typeof word.text === 'string' ? word : null;
  } catch {
    return null;
  }
}

async function post(path, body) {
  let response;
  try {
    response = await fetch(path, { method: 'POST', body });
  } catch {
    throw new Error('the server cannot be reached');
  }
  const payload = await response.json().catch(() => null);
  if (response.ok && payload) return payload;
  throw new Error(describeFailure(response, payload));
}

function describeFailure(response, payload) {
  const message = payload && payload.message;
  if (Array.isArray(message) && message.length > 0) return message.join('; ');
  if (typeof message === 'string' && message !== '') return message;
  return `the server answered ${response.status} ${response.statusText}`.trim();
}

function userBubble(text) {
  const bubble = document.createElement('li');
  bubble.className = 'message user';
  bubble.dataset.testid = 'user-message';
  bubble.textContent = text;
  return bubble;
}

function answerBubble() {
  const element = document.createElement('li');
  element.className = 'message answer';
  element.dataset.testid = 'answer';
  element.dataset.state = 'streaming';
  const words = document.createTextNode('');
  const text = document.createElement('p');
  text.className = 'answer-text';
  text.append(words);
  const note = document.createElement('p');
  note.className = 'answer-note';
  element.append(text, note);
  return {
    element,
    addWord(word) {
      if (word !== '') words.appendData(words.length === 0 ? word : ` ${word}`);
    },
    note(message) {
      note.textContent = message;
    },
    finish() {
      element.dataset.state = 'done';
      note.textContent = '';
    },
    fail(reason) {
      element.dataset.state = 'error';
      note.textContent = reason;
    },
    stop() {
      element.dataset.state = 'stopped';
      note.textContent = 'Stopped.';
    },
  };
}

/** Follows the conversation as it grows, unless the user has scrolled up to read. */
function appendToConversation(change) {
  const { scrollHeight, scrollTop, clientHeight } = ui.conversation;
  const following = scrollHeight - scrollTop - clientHeight < 48;
  change();
  if (following) ui.conversation.scrollTop = ui.conversation.scrollHeight;
}

function closeStream() {
  chat.stream?.close();
  chat.stream = null;
}

function showTitle(title) {
  chat.title = title;
  ui.title.textContent = title;
  document.title = `${title} · Chat`;
}

function showStatus(message, isError = false) {
  ui.status.textContent = message;
  ui.status.classList.toggle('error', isError);
}

function setBusy(busy) {
  chat.busy = busy;
  // A busy live region is announced once it settles, not word by word.
  ui.messages.setAttribute('aria-busy', String(busy));
  refreshControls();
}

function canSend() {
  return chat.id !== null && !chat.busy && ui.input.value.trim() !== '';
}

function refreshControls() {
  ui.send.disabled = !canSend();
  ui.stop.hidden = chat.stream === null;
}

ui.input.addEventListener('input', refreshControls);
ui.input.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
  event.preventDefault();
  void sendMessage();
});
ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  void sendMessage();
});
ui.newChat.addEventListener('click', () => void startChat());
ui.stop.addEventListener('click', () => chat.stopStreaming?.());

void startChat();
