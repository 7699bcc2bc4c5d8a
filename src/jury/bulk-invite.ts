/**
 * Bulk invitations: a pasted list or a CSV file of jurors (name, e-mail, job title, employer), one per line, read
 * and judged line by line before anything is sent. Pure: the service gives what the database knows.
 */
import { z } from 'zod';

export const BULK_MAX_LINES = 500;

export interface InviteLine {
  /** 1-based line number in what was pasted. */
  line: number;
  name: string;
  email: string;
  jobTitle: string;
  employer: string;
}

export type LineVerdict =
  | { kind: 'new'; existingAccount: boolean }
  | { kind: 'alreadyJuror' }
  | { kind: 'invalid'; reason: InvalidReason };

export type InvalidReason =
  'columns' | 'nameMissing' | 'emailInvalid' | 'tooLong' | 'duplicate' | 'otherRole' | 'inactive';

export interface PlannedLine extends InviteLine {
  verdict: LineVerdict;
}

/** What the database knows about an address: the account's role, whether it is active, whether it sits on this jury. */
export interface KnownAddress {
  role: 'admin' | 'juror' | 'submitter';
  active: boolean;
  seated: boolean;
}

/** Splits one line into fields: tab, semicolon or comma separated, with "double quotes" around a field as in CSV. */
export function splitFields(line: string): string[] {
  const separator = line.includes('\t') ? '\t' : line.includes(';') ? ';' : ',';
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (c === separator) {
      fields.push(current.trim());
      current = '';
    } else current += c;
  }
  fields.push(current.trim());
  return fields;
}

const HEADER = /^(naam|name)$/i;
const email = z.email();

/** The lines of the list: blank lines and a header line ("naam;e-mail;…") left out, numbered as pasted. */
export function parseInviteList(text: string): Array<InviteLine | { line: number; columns: number }> {
  const result: Array<InviteLine | { line: number; columns: number }> = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      if (raw.trim() === '') return;
      const fields = splitFields(raw);
      if (i === 0 && HEADER.test(fields[0] ?? '')) return;
      if (fields.length < 2 || fields.length > 4) return result.push({ line: i + 1, columns: fields.length });
      const [name = '', address = '', jobTitle = '', employer = ''] = fields;
      result.push({ line: i + 1, name, email: address.toLowerCase(), jobTitle, employer });
    });
  return result;
}

/** Judges every line: invalid (why), already on this jury, or new; a repeated address counts once, at its first line. */
export function planInvites(
  lines: ReturnType<typeof parseInviteList>,
  known: ReadonlyMap<string, KnownAddress>,
): PlannedLine[] {
  const seen = new Set<string>();
  return lines.map((l) => {
    if ('columns' in l)
      return { line: l.line, name: '', email: '', jobTitle: '', employer: '', verdict: invalid('columns') };
    const verdict = ((): LineVerdict => {
      if (!l.name) return invalid('nameMissing');
      if (!email.safeParse(l.email).success || l.email.length > 254) return invalid('emailInvalid');
      if (l.name.length > 200 || l.jobTitle.length > 200 || l.employer.length > 200)
        return invalid('tooLong');
      if (seen.has(l.email)) return invalid('duplicate');
      seen.add(l.email);
      const account = known.get(l.email);
      if (account && account.role !== 'juror') return invalid('otherRole');
      if (account && !account.active) return invalid('inactive');
      if (account?.seated) return { kind: 'alreadyJuror' };
      return { kind: 'new', existingAccount: Boolean(account) };
    })();
    return { ...l, verdict };
  });
}

function invalid(reason: InvalidReason): LineVerdict {
  return { kind: 'invalid', reason };
}

export function summarise(plan: readonly PlannedLine[]) {
  return {
    new: plan.filter((p) => p.verdict.kind === 'new').length,
    alreadyJuror: plan.filter((p) => p.verdict.kind === 'alreadyJuror').length,
    invalid: plan.filter((p) => p.verdict.kind === 'invalid').length,
  };
}
