/**
 * The yearly herindeling, as pure functions: read a CBS list of gemeenten ("Gemeentelijke indeling op 1 januari"),
 * compare it with the gemeenten of the register, and check the organiser's decisions for the gemeenten that are no
 * longer on it. No I/O here: register.service.ts loads the register and writes the changes.
 *
 * Every message is a catalogue key under `register.` with the line number of the list, so an organiser can find
 * the line in the file they chose.
 */
import { invalid, ok, type FieldError, type Result } from '../shared/result';
import { nameKey, normaliseOrganisationName } from './organisation.names';
import type { OrganisationStatus } from './organisation.types';

/** The form field the list arrived in; the route names the file field instead when a file was chosen. */
export const LIST_FIELD = 'csv';

/** One gemeente of the new list, with the line of the file it came from (1 = the first line of the file). */
export interface ListedGemeente {
  line: number;
  code: string;
  name: string;
  provinceCode: string;
}

/** A gemeente of the register with an official code, whatever its status. */
export interface RegisterGemeente {
  id: number;
  code: string;
  name: string;
  provinceCode: string | null;
  status: OrganisationStatus;
}

export interface RegisterDiff {
  /** How many gemeenten the new list has. */
  listed: number;
  unchanged: number;
  /** New codes. `existingId` is set when the register knows the code from before (an ended or merged gemeente). */
  added: Array<ListedGemeente & { existingId: number | null }>;
  renamed: Array<{ id: number; code: string; line: number; from: string; to: string }>;
  moved: Array<{ id: number; code: string; line: number; name: string; from: string | null; to: string }>;
  /** Active gemeenten that are not on the list, with the only new gemeente in their province, if there is one. */
  disappeared: Array<{
    id: number;
    code: string;
    name: string;
    provinceCode: string | null;
    suggestion: string | null;
  }>;
}

export interface DiffLimits {
  /** A list with fewer gemeenten is not a complete list (there are some 340). */
  minRows: number;
  /** More disappearing gemeenten than this is not a herindeling but the wrong file. */
  maxDisappeared: number;
}

export const DEFAULT_LIMITS: DiffLimits = { minRows: 300, maxDisappeared: 25 };

/** Line errors shown at most; a wrong file would otherwise fill the page with hundreds. */
const MAX_ERRORS = 20;
const MAX_NAME = 200;

const error = (messageKey: string, params: Record<string, unknown> = {}): FieldError => ({
  field: LIST_FIELD,
  messageKey,
  params,
});

/**
 * The bytes of an uploaded file as text: UTF-8 (with or without BOM), as CBS publishes it. A spreadsheet or a file
 * saved in another encoding (Excel's "CSV (gescheiden door lijstscheidingsteken)" is Windows-1252) is refused with
 * a message that says what to do, rather than read with broken letters (Fryslân).
 */
export function decodeList(bytes: Uint8Array): Result<string> {
  if (bytes.length >= 2 && bytes[0] === 0x50 && bytes[1] === 0x4b)
    return invalid([error('register.errors.spreadsheet')]);
  if (bytes.includes(0)) return invalid([error('register.errors.notText')]);
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return invalid([error('register.errors.encoding')]);
  }
}

/** The cells of one line; null when a quoted cell is not closed. Quotes may be doubled inside a quoted cell. */
function splitLine(line: string, separator: string): string[] | null {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c !== '"') cell += c;
      else if (line[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (c === separator) {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  if (quoted) return null;
  cells.push(cell.trim());
  return cells;
}

/** The separator the header uses: whichever of ';' and ',' it has more of outside quotes (';' when neither). */
function separatorOf(header: string): string {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const c of header) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ';') semicolons++;
    else if (!quoted && c === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

const headerKey = (cell: string) => cell.replace(/\s+/g, '').toLowerCase();

/** "344" → GM0344 (the Gemeentecode column), "GM0344" as it is; anything else is left for the check to refuse. */
function gemeenteCode(value: string, numeric: boolean): string {
  const v = value.trim().toUpperCase();
  return numeric && /^\d{1,4}$/.test(v) ? `GM${v.padStart(4, '0')}` : v;
}

function provinceCode(value: string, numeric: boolean): string {
  const v = value.trim().toUpperCase();
  return numeric && /^\d{1,2}$/.test(v) ? `PV${v.padStart(2, '0')}` : v;
}

/**
 * Reads a CBS list of gemeenten: UTF-8, an optional BOM, optional note lines starting with '#', ';' or ','
 * between cells (whichever the header uses), cells optionally in double quotes. The header names the columns:
 * GemeentecodeGM (or Gemeentecode: 344 → GM0344), Gemeentenaam, ProvinciecodePV (or Provinciecode: 26 → PV26);
 * other columns (Provincienaam) are ignored. Each gemeente needs a code GM + 4 digits, a province PV + 2 digits and
 * a name of at most 200 characters; codes and names appear once.
 */
export function parseGemeentenList(text: string): Result<ListedGemeente[]> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const content = lines
    .map((raw, i) => ({ raw, line: i + 1 }))
    .filter(({ raw }) => raw.trim() !== '' && !raw.trimStart().startsWith('#'));
  const header = content[0];
  if (!header) return invalid([error('register.errors.empty')]);

  const separator = separatorOf(header.raw);
  const headerCells = (splitLine(header.raw, separator) ?? []).map(headerKey);
  const column = (...names: string[]) => {
    for (const name of names) {
      const index = headerCells.indexOf(name.toLowerCase());
      if (index >= 0) return { index, numeric: name !== names[0] };
    }
    return null;
  };
  const codeColumn = column('GemeentecodeGM', 'Gemeentecode');
  const nameColumn = column('Gemeentenaam');
  const provinceColumn = column('ProvinciecodePV', 'Provinciecode');
  const missing = [
    codeColumn ? null : 'GemeentecodeGM',
    nameColumn ? null : 'Gemeentenaam',
    provinceColumn ? null : 'ProvinciecodePV',
  ].filter((c): c is string => c !== null);
  if (!codeColumn || !nameColumn || !provinceColumn)
    return invalid(
      missing.map((name) => error('register.errors.header', { line: header.line, column: name })),
    );

  const errors: FieldError[] = [];
  const rows: ListedGemeente[] = [];
  const firstLineOfCode = new Map<string, number>();
  const firstLineOfName = new Map<string, number>();
  const needed = Math.max(codeColumn.index, nameColumn.index, provinceColumn.index) + 1;
  for (const { raw, line } of content.slice(1)) {
    const cells = splitLine(raw, separator);
    if (!cells) {
      errors.push(error('register.errors.quote', { line }));
      continue;
    }
    if (cells.length < needed) {
      errors.push(error('register.errors.columns', { line, found: cells.length, expected: needed }));
      continue;
    }
    const code = gemeenteCode(cells[codeColumn.index]!, codeColumn.numeric);
    const province = provinceCode(cells[provinceColumn.index]!, provinceColumn.numeric);
    const name = normaliseOrganisationName(cells[nameColumn.index]!, 'gemeente');
    const before = errors.length;
    if (!/^GM\d{4}$/.test(code))
      errors.push(error('register.errors.code', { line, value: code.slice(0, 40) }));
    if (!/^PV\d{2}$/.test(province))
      errors.push(error('register.errors.province', { line, value: province.slice(0, 40) }));
    if (name === '') errors.push(error('register.errors.nameRequired', { line }));
    else if (name.length > MAX_NAME)
      errors.push(error('register.errors.nameTooLong', { line, max: MAX_NAME }));
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    else if (/[\u0000-\u001f\u007f]/.test(name)) errors.push(error('register.errors.nameInvalid', { line }));
    if (errors.length > before) continue;
    const sameCode = firstLineOfCode.get(code);
    const sameName = firstLineOfName.get(nameKey(name));
    if (sameCode !== undefined)
      errors.push(error('register.errors.duplicateCode', { line, code, first: sameCode }));
    else if (sameName !== undefined)
      errors.push(error('register.errors.duplicateName', { line, name, first: sameName }));
    else {
      firstLineOfCode.set(code, line);
      firstLineOfName.set(nameKey(name), line);
      rows.push({ line, code, name, provinceCode: province });
    }
  }
  if (errors.length === 0 && rows.length === 0) return invalid([error('register.errors.noRows')]);
  if (errors.length > MAX_ERRORS)
    return invalid([
      ...errors.slice(0, MAX_ERRORS),
      error('register.errors.moreErrors', { count: errors.length - MAX_ERRORS }),
    ]);
  return errors.length ? invalid(errors) : ok(rows);
}

/** Lines whose province is not a province of the register (PV99). */
export function unknownProvinces(rows: readonly ListedGemeente[], known: ReadonlySet<string>): FieldError[] {
  const errors = rows
    .filter((r) => !known.has(r.provinceCode))
    .map((r) => error('register.errors.unknownProvince', { line: r.line, value: r.provinceCode }));
  return errors.length > MAX_ERRORS
    ? [
        ...errors.slice(0, MAX_ERRORS),
        error('register.errors.moreErrors', { count: errors.length - MAX_ERRORS }),
      ]
    : errors;
}

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });
const byName = <T extends { name: string; code: string }>(a: T, b: T) =>
  collator.compare(a.name, b.name) || a.code.localeCompare(b.code);

/**
 * What the new list changes in the register, compared by code with the active gemeenten: unchanged, renamed (same
 * code, other name), moved (same code, other province), added (a code no active gemeente has) and disappeared (an
 * active gemeente whose code is not on the list). Refused when the list cannot be the complete list: fewer than
 * `minRows` gemeenten, or more than `maxDisappeared` disappearing. A disappeared gemeente gets a suggested
 * successor when exactly one added gemeente lies in its province (a merger makes a new code there).
 */
export function diffRegister(input: {
  rows: readonly ListedGemeente[];
  register: readonly RegisterGemeente[];
  limits?: Partial<DiffLimits>;
}): Result<RegisterDiff> {
  const limits = { ...DEFAULT_LIMITS, ...input.limits };
  const active = new Map(input.register.filter((g) => g.status === 'active').map((g) => [g.code, g]));
  const known = new Map(input.register.map((g) => [g.code, g]));
  const diff: RegisterDiff = {
    listed: input.rows.length,
    unchanged: 0,
    added: [],
    renamed: [],
    moved: [],
    disappeared: [],
  };
  for (const row of input.rows) {
    const current = active.get(row.code);
    if (!current) {
      diff.added.push({ ...row, existingId: known.get(row.code)?.id ?? null });
      continue;
    }
    if (current.name !== row.name)
      diff.renamed.push({ id: current.id, code: row.code, line: row.line, from: current.name, to: row.name });
    if (current.provinceCode !== row.provinceCode)
      diff.moved.push({
        id: current.id,
        code: row.code,
        line: row.line,
        name: row.name,
        from: current.provinceCode,
        to: row.provinceCode,
      });
    if (current.name === row.name && current.provinceCode === row.provinceCode) diff.unchanged++;
  }
  const listed = new Set(input.rows.map((r) => r.code));
  for (const g of active.values()) {
    if (listed.has(g.code)) continue;
    const inProvince = diff.added.filter((a) => g.provinceCode !== null && a.provinceCode === g.provinceCode);
    diff.disappeared.push({
      id: g.id,
      code: g.code,
      name: g.name,
      provinceCode: g.provinceCode,
      suggestion: inProvince.length === 1 ? inProvince[0]!.code : null,
    });
  }
  diff.added.sort(byName);
  diff.renamed.sort((a, b) => byName({ ...a, name: a.to }, { ...b, name: b.to }));
  diff.moved.sort(byName);
  diff.disappeared.sort(byName);

  const errors: FieldError[] = [];
  if (input.rows.length < limits.minRows)
    errors.push(error('register.errors.tooFewRows', { rows: input.rows.length, min: limits.minRows }));
  if (diff.disappeared.length > limits.maxDisappeared)
    errors.push(
      error('register.errors.tooManyDisappeared', {
        number: diff.disappeared.length,
        max: limits.maxDisappeared,
      }),
    );
  return errors.length ? invalid(errors) : ok(diff);
}

/** The form field of the decision on a disappeared gemeente. */
export const successorField = (code: string) => `successor-${code}`;

/** The decision meaning "opgeheven zonder opvolger". */
export const ENDED = 'ended';

/**
 * Every disappeared gemeente needs a decision: the gemeente of the new list it went into (a new one, or an existing
 * one it joined), or ENDED. One error per gemeente without a valid decision, on its own field.
 */
export function decisionErrors(
  diff: RegisterDiff,
  rows: readonly ListedGemeente[],
  successors: ReadonlyMap<string, string>,
): FieldError[] {
  const listed = new Set(rows.map((r) => r.code));
  const errors: FieldError[] = [];
  for (const d of diff.disappeared) {
    const decision = successors.get(d.code)?.trim() ?? '';
    const params = { name: d.name, code: d.code };
    if (decision === '')
      errors.push({ field: successorField(d.code), messageKey: 'register.errors.decisionRequired', params });
    else if (decision !== ENDED && !listed.has(decision))
      errors.push({ field: successorField(d.code), messageKey: 'register.errors.successorUnknown', params });
  }
  return errors;
}
