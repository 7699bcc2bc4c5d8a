/**
 * An entry's cover sheet: a plain-text page at the top of its folder in a ZIP, so whoever reads the attachments
 * offline has the entry itself with them — number, title, organisation, category, and every answer in form order.
 * Pure: the caller gives the labels in the reader's language.
 */
import type { AnswerRow } from './question.pages';
import { answerText } from './question.rules';

export function coverSheetText(input: {
  title: string;
  facts: ReadonlyArray<readonly [string, string]>;
  answers: readonly AnswerRow[];
  yes: string;
  no: string;
  notFilled: string;
}): string {
  const lines = [input.title, '='.repeat(Math.min(80, Math.max(3, input.title.length))), ''];
  for (const [label, value] of input.facts) lines.push(`${label}: ${value || input.notFilled}`);
  for (const a of input.answers) {
    const value = answerText(a, input);
    lines.push('', a.label, '-'.repeat(Math.min(80, Math.max(3, a.label.length))), value || input.notFilled);
  }
  // CRLF: the file is most often opened in Notepad.
  return lines.join('\r\n') + '\r\n';
}
