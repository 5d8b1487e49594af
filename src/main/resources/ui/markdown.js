// Markdown to sanitised HTML: the model's answer is untrusted text.
import { marked } from '/webjars/marked/lib/marked.esm.js';
import DOMPurify from '/webjars/dompurify/dist/purify.es.mjs';

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

export function markdown(text) {
  return DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true }));
}
