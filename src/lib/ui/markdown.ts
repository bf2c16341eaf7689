import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Markdown from users as safe HTML: marked renders it, DOMPurify removes every script, event
 * handler and javascript: URL. Descriptions come from anyone who can write a bundle.
 */
export function renderMarkdown(text: string): string {
	const html = marked.parse(text, { async: false, gfm: true, breaks: false });
	return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input'] });
}
