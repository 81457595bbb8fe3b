// A chat as a file to keep: Markdown to read, JSON for a program. Each answer as shown (the variant
// picked, its text as it arrived), with how it ended when it did not finish.

const ENDINGS = {
  stopped: () => '*Stopped.*',
  incomplete: () => '*Incomplete: the server no longer had the rest of this answer.*',
  streaming: () => '*Still arriving when exported.*',
  failed: (answer) => `*The answer failed: ${answer.error ?? 'no reason given'}*`,
};

export function chatAsMarkdown(chat) {
  const blocks = [`# ${chat.title}`];
  for (const message of chat.messages) {
    if (message.role === 'user') blocks.push('## You', message.text);
    else blocks.push('## Answer', ...[message.text, ENDINGS[message.state]?.(message)].filter(Boolean));
  }
  return `${blocks.join('\n\n')}\n`;
}

export function chatAsJson(chat) {
  const messages = chat.messages.map((message) =>
    message.role === 'user'
      ? { role: 'user', content: message.text }
      : { role: 'assistant', content: message.text, state: message.state, ...(message.error ? { error: message.error } : {}) },
  );
  return `${JSON.stringify({ id: chat.id, title: chat.title, messages }, null, 2)}\n`;
}

/** A file name from the title: letters and digits, the rest as dashes. */
export function exportFileName(chat, extension) {
  const name = chat.title
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${name || 'chat'}.${extension}`;
}

/** Has the browser save `content` as a file named `fileName`. */
export function download(content, fileName, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; the URL only has to outlive the click.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
