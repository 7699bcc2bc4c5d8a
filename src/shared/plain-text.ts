/**
 * Organisers write introductions and rules as plain text. This turns them into safe HTML: everything escaped,
 * blank lines make paragraphs, single newlines become <br>, and http(s) addresses become links.
 */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]]/g;

/** Escapes a raw paragraph, turning its web addresses into links (found before escaping, escaped after). */
function escapeAndLink(raw: string): string {
  let html = '';
  let last = 0;
  for (const match of raw.matchAll(URL_PATTERN)) {
    const url = escapeHtml(match[0]);
    html +=
      escapeHtml(raw.slice(last, match.index)) +
      `<a class="utrecht-link" href="${url}" rel="noopener noreferrer">${url}</a>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(raw.slice(last));
}

export function plainTextToHtml(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p class="utrecht-paragraph">${escapeAndLink(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/**
 * Text as typed, cleaned: NFC, no control characters but tab and newline, Unix newlines, trimmed. Every text a form
 * stores goes through it (PostgreSQL refuses a NUL byte in text; the others only ever arrive by accident or attack).
 */
export function cleanText(v: string): string {
  return (
    v
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .replace(/\r\n?/g, '\n')
      .trim()
  );
}
