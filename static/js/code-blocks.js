// Code blocks in answers: a bar with the language the fence names and a Copy button, then the code,
// highlighted once its grammar is loaded.

import { highlightCodeBlocks, languageOf } from './highlighter.js';

/** Adds each code block's bar, and highlights it. */
export function decorateCodeBlocks(element) {
  for (const pre of element.querySelectorAll('pre')) {
    const code = pre.querySelector(':scope > code');
    if (!code || pre.parentElement.classList.contains('code-block')) continue;
    const block = document.createElement('div');
    block.className = 'code-block';
    const bar = document.createElement('div');
    bar.className = 'code-bar';
    const language = document.createElement('span');
    language.className = 'code-language';
    language.dataset.testid = 'code-language';
    language.textContent = languageOf(code) || 'text';
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'copy-code';
    copy.dataset.testid = 'copy-code';
    copy.textContent = 'Copy';
    copy.setAttribute('aria-label', `Copy this ${language.textContent} code`);
    bar.append(language, copy);
    pre.replaceWith(block);
    block.append(bar, pre);
  }
  highlightCodeBlocks(element);
}

/** The code of the block `copyButton` belongs to, as written: without the line break Markdown ends it with. */
export function codeOf(copyButton) {
  const text = copyButton.closest('.code-block').querySelector('pre > code').textContent;
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}
