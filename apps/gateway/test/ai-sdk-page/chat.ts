// A minimal chat page on the AI SDK's own Chat machinery (AbstractChat and DefaultChatTransport), as
// useChat({ resume: true }) drives them: it keeps its messages across reloads (sessionStorage) and,
// on load, resumes the chat's answer. Bundled by the test that opens it; not part of the product.
import { AbstractChat, ChatState, ChatStatus, DefaultChatTransport, UIMessage } from 'ai';

const STORE = 'ai-sdk-test-chat';

interface Stored {
  id: string;
  messages: UIMessage[];
}

/** The state useChat keeps in React, here in plain fields, written to sessionStorage at every change. */
class StoredState implements ChatState<UIMessage> {
  status: ChatStatus = 'ready';
  error: Error | undefined = undefined;

  constructor(
    private readonly chatId: string,
    public messages: UIMessage[],
  ) {}

  pushMessage = (message: UIMessage) => this.changed((this.messages = [...this.messages, message]));
  popMessage = () => this.changed((this.messages = this.messages.slice(0, -1)));
  replaceMessage = (index: number, message: UIMessage) =>
    this.changed((this.messages = this.messages.map((existing, at) => (at === index ? message : existing))));
  snapshot = <T>(thing: T): T => structuredClone(thing);

  private changed(messages: UIMessage[]): void {
    sessionStorage.setItem(STORE, JSON.stringify({ id: this.chatId, messages } satisfies Stored));
    render(messages);
  }
}

class Chat extends AbstractChat<UIMessage> {
  constructor(id: string, messages: UIMessage[]) {
    super({ id, transport: new DefaultChatTransport({ api: '/api/chat' }), state: new StoredState(id, messages) });
  }
}

function render(messages: UIMessage[]): void {
  const list = document.getElementById('messages')!;
  list.replaceChildren(
    ...messages.map((message) => {
      const item = document.createElement('li');
      item.dataset.role = message.role;
      item.textContent = message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
      return item;
    }),
  );
}

const stored = JSON.parse(sessionStorage.getItem(STORE) ?? 'null') as Stored | null;
const chat = new Chat(stored?.id ?? `chat${Date.now().toString(36)}`, stored?.messages ?? []);
render(chat.messages);
// What useChat({ resume: true }) does on mount.
if (stored) void chat.resumeStream();

Object.assign(window, {
  send: (text: string) => chat.sendMessage({ text }),
  chatStatus: () => chat.status,
});
