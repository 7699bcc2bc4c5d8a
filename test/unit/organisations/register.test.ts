import fs from 'node:fs';
import path from 'node:path';
import { flattenKeys, loadCatalogues } from '../../../src/i18n/i18n';
import {
  decisionErrors,
  decodeList,
  diffRegister,
  parseGemeentenList,
  unknownProvinces,
  type ListedGemeente,
  type RegisterGemeente,
} from '../../../src/organisations/register';
import type { FieldError, Result } from '../../../src/shared/result';

const HEADER = 'Gemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;ProvinciecodePV;Provincienaam';

function rowsOf(result: Result<ListedGemeente[]>): ListedGemeente[] {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorsOf<T>(result: Result<T>): FieldError[] {
  if (result.ok) throw new Error('accepted');
  return result.errors;
}

/** The message keys and the line numbers, which is what an organiser reads. */
const brief = (errors: FieldError[]) => errors.map((e) => [e.messageKey, e.params?.line ?? null]);

describe('reading a CBS list of gemeenten', () => {
  it('reads the CBS layout with its notes, BOM and CRLF, keeping the line numbers of the file', () => {
    const text =
      '\uFEFF# Bron: CBS, Gemeentelijke indeling op 1 januari 2027\r\n' +
      `${HEADER}\r\n` +
      '0344;GM0344;Utrecht;26;PV26;Utrecht\r\n' +
      '\r\n' +
      '# een opmerking tussendoor\r\n' +
      '0059;GM0059;Achtkarspelen;21;PV21;Fryslân\r\n';
    expect(rowsOf(parseGemeentenList(text))).toEqual([
      { line: 3, code: 'GM0344', name: 'Utrecht', provinceCode: 'PV26' },
      { line: 6, code: 'GM0059', name: 'Achtkarspelen', provinceCode: 'PV21' },
    ]);
  });

  it('takes commas and quotes, other column orders, and numeric codes without the GM/PV prefix', () => {
    const text = [
      '"Provinciecode","Gemeentenaam","Gemeentecode"',
      '26,"Utrecht",344',
      '30,"Bergen, ""Noord-Brabant""",9',
      '  27 , " Bergen (NH.) " , 0373 ',
    ].join('\n');
    expect(rowsOf(parseGemeentenList(text))).toEqual([
      { line: 2, code: 'GM0344', name: 'Utrecht', provinceCode: 'PV26' },
      { line: 3, code: 'GM0009', name: 'Bergen, "Noord-Brabant"', provinceCode: 'PV30' },
      { line: 4, code: 'GM0373', name: 'Bergen (NH.)', provinceCode: 'PV27' },
    ]);
  });

  it('prefers the GM and PV columns when both forms are present, and ignores Provincienaam', () => {
    const text = `${HEADER}\n9999;GM0344;Utrecht;99;PV26;Een andere naam`;
    expect(rowsOf(parseGemeentenList(text))).toEqual([
      { line: 2, code: 'GM0344', name: 'Utrecht', provinceCode: 'PV26' },
    ]);
  });

  it('refuses a header without the needed columns, naming each', () => {
    const errors = errorsOf(parseGemeentenList('# notitie\nCode;Naam;ProvinciecodePV\nGM0344;Utrecht;PV26'));
    expect(errors.map((e) => [e.messageKey, e.params])).toEqual([
      ['register.errors.header', { line: 2, column: 'GemeentecodeGM' }],
      ['register.errors.header', { line: 2, column: 'Gemeentenaam' }],
    ]);
    expect(brief(errorsOf(parseGemeentenList('')))).toEqual([['register.errors.empty', null]]);
    expect(brief(errorsOf(parseGemeentenList('# alleen\n\n')))).toEqual([['register.errors.empty', null]]);
    expect(brief(errorsOf(parseGemeentenList(HEADER)))).toEqual([['register.errors.noRows', null]]);
  });

  it('names the line of every malformed gemeente', () => {
    const text = [
      HEADER,
      '0344;GM0344;Utrecht;26;PV26;Utrecht', // 2: fine
      '0345;GM345;Zeist;26;PV26;Utrecht', // 3: code
      '0346;GM0346;Bunnik;26;P26;Utrecht', // 4: province
      '0347;GM0347;;26;PV26;Utrecht', // 5: no name
      `0348;GM0348;${'x'.repeat(201)};26;PV26;Utrecht`, // 6: name too long
      '0349;GM0349;Houten', // 7: too few columns
      '0350;GM0350;"Wijk bij Duurstede;26;PV26;Utrecht', // 8: quote not closed
      '0351;GM0344;Utrecht-Oost;26;PV26;Utrecht', // 9: duplicate code
      '0352;GM0352;utrecht;26;PV26;Utrecht', // 10: duplicate name (case does not matter)
      '0353;GM0353;Nul\u0000teken;26;PV26;Utrecht', // 11: control character
    ].join('\n');
    const errors = errorsOf(parseGemeentenList(text));
    expect(brief(errors)).toEqual([
      ['register.errors.code', 3],
      ['register.errors.province', 4],
      ['register.errors.nameRequired', 5],
      ['register.errors.nameTooLong', 6],
      ['register.errors.columns', 7],
      ['register.errors.quote', 8],
      ['register.errors.duplicateCode', 9],
      ['register.errors.duplicateName', 10],
      ['register.errors.nameInvalid', 11],
    ]);
    expect(errors[0]!.params).toEqual({ line: 3, value: 'GM345' });
    expect(errors[4]!.params).toEqual({ line: 7, found: 3, expected: 5 });
    expect(errors[6]!.params).toEqual({ line: 9, code: 'GM0344', first: 2 });
    expect(errors.every((e) => e.field === 'csv')).toBe(true);
  });

  it('shows at most twenty line errors and counts the rest', () => {
    const text = [
      HEADER,
      ...Array.from({ length: 30 }, (_, i) => `x;GMX${i};Naam ${i};26;PV26;Utrecht`),
    ].join('\n');
    const errors = errorsOf(parseGemeentenList(text));
    expect(errors).toHaveLength(21);
    expect(errors[20]).toEqual({
      field: 'csv',
      messageKey: 'register.errors.moreErrors',
      params: { count: 10 },
    });
  });

  it('knows the provinces of the register', () => {
    const rows = rowsOf(parseGemeentenList(`${HEADER}\n1;GM0001;A;26;PV26;U\n2;GM0002;B;99;PV99;X`));
    expect(brief(unknownProvinces(rows, new Set(['PV26'])))).toEqual([
      ['register.errors.unknownProvince', 3],
    ]);
  });

  it('reads uploaded bytes as UTF-8 and refuses spreadsheets, binary files and other encodings', () => {
    const utf8 = new TextEncoder().encode(`${HEADER}\n0059;GM0059;Súdwest-Fryslân;21;PV21;Fryslân`);
    const decoded = decodeList(utf8);
    expect(decoded.ok && decoded.value).toContain('Súdwest-Fryslân');
    const latin1 = Uint8Array.from(Buffer.from('Fryslân', 'latin1'));
    expect(brief(errorsOf(decodeList(latin1)))).toEqual([['register.errors.encoding', null]]);
    expect(brief(errorsOf(decodeList(Uint8Array.from([0x50, 0x4b, 3, 4]))))).toEqual([
      ['register.errors.spreadsheet', null],
    ]);
    expect(brief(errorsOf(decodeList(Uint8Array.from([0x41, 0, 0x42]))))).toEqual([
      ['register.errors.notText', null],
    ]);
  });
});

describe('comparing a list with the register', () => {
  const register: RegisterGemeente[] = [
    { id: 1, code: 'GM0001', name: 'Aadorp', provinceCode: 'PV26', status: 'active' },
    { id: 2, code: 'GM0002', name: 'Bedum', provinceCode: 'PV26', status: 'active' },
    { id: 3, code: 'GM0003', name: 'Cadier', provinceCode: 'PV26', status: 'active' },
    { id: 4, code: 'GM0004', name: 'Dalen', provinceCode: 'PV22', status: 'active' },
    { id: 5, code: 'GM0005', name: 'Eelde', provinceCode: 'PV22', status: 'active' },
    { id: 6, code: 'GM0006', name: 'Epe', provinceCode: 'PV25', status: 'active' },
    { id: 7, code: 'GM0007', name: 'Vroeger', provinceCode: 'PV25', status: 'merged' },
  ];
  const row = (line: number, code: string, name: string, provinceCode: string): ListedGemeente => ({
    line,
    code,
    name,
    provinceCode,
  });
  const limits = { minRows: 3, maxDisappeared: 3 };

  it('sorts the list into unchanged, renamed, moved, added and disappeared, with suggestions', () => {
    // Aadorp and Bedum (PV26) merge into the new Kroonstad (PV26); Dalen is renamed and moves to PV23; Eelde
    // disappears without a new gemeente in its province; Vroeger (merged before) comes back.
    const rows = [
      row(2, 'GM0100', 'Kroonstad', 'PV26'),
      row(3, 'GM0003', 'Cadier', 'PV26'),
      row(4, 'GM0004', 'Dalen aan de Vecht', 'PV23'),
      row(5, 'GM0006', 'Epe', 'PV25'),
      row(6, 'GM0007', 'Vroeger', 'PV25'),
    ];
    const result = diffRegister({ rows, register, limits });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const diff = result.value;
    expect(diff.listed).toBe(5);
    expect(diff.unchanged).toBe(2);
    expect(diff.added).toEqual([
      { ...rows[0], existingId: null },
      { ...rows[4], existingId: 7 },
    ]);
    expect(diff.renamed).toEqual([
      { id: 4, code: 'GM0004', line: 4, from: 'Dalen', to: 'Dalen aan de Vecht' },
    ]);
    expect(diff.moved).toEqual([
      { id: 4, code: 'GM0004', line: 4, name: 'Dalen aan de Vecht', from: 'PV22', to: 'PV23' },
    ]);
    expect(diff.disappeared).toEqual([
      { id: 1, code: 'GM0001', name: 'Aadorp', provinceCode: 'PV26', suggestion: 'GM0100' },
      { id: 2, code: 'GM0002', name: 'Bedum', provinceCode: 'PV26', suggestion: 'GM0100' },
      { id: 5, code: 'GM0005', name: 'Eelde', provinceCode: 'PV22', suggestion: null },
    ]);
  });

  it('suggests nothing when two new gemeenten lie in the province', () => {
    const rows = [
      row(2, 'GM0100', 'Noord', 'PV26'),
      row(3, 'GM0101', 'Zuid', 'PV26'),
      row(4, 'GM0003', 'Cadier', 'PV26'),
      row(5, 'GM0004', 'Dalen', 'PV22'),
      row(6, 'GM0005', 'Eelde', 'PV22'),
      row(7, 'GM0006', 'Epe', 'PV25'),
    ];
    const result = diffRegister({ rows, register, limits });
    expect(result.ok && result.value.disappeared.map((d) => d.suggestion)).toEqual([null, null]);
  });

  it('refuses a list that is too short or makes too many gemeenten disappear', () => {
    const short = diffRegister({ rows: [row(2, 'GM0003', 'Cadier', 'PV26')], register, limits });
    expect(errorsOf(short).map((e) => [e.messageKey, e.params])).toEqual([
      ['register.errors.tooFewRows', { rows: 1, min: 3 }],
      ['register.errors.tooManyDisappeared', { number: 5, max: 3 }],
    ]);
    const other = [
      row(2, 'GM0200', 'X', 'PV26'),
      row(3, 'GM0201', 'Y', 'PV26'),
      row(4, 'GM0202', 'Z', 'PV26'),
    ];
    expect(brief(errorsOf(diffRegister({ rows: other, register, limits })))).toEqual([
      ['register.errors.tooManyDisappeared', null],
    ]);
    // The real limits: 300 gemeenten, 25 disappearing.
    expect(brief(errorsOf(diffRegister({ rows: other, register })))).toEqual([
      ['register.errors.tooFewRows', null],
    ]);
  });

  it('needs a decision for every disappeared gemeente: a gemeente of the new list, or ended', () => {
    const rows = [
      row(2, 'GM0100', 'Kroonstad', 'PV26'),
      row(3, 'GM0003', 'Cadier', 'PV26'),
      row(4, 'GM0004', 'Dalen', 'PV22'),
      row(5, 'GM0006', 'Epe', 'PV25'),
    ];
    const result = diffRegister({ rows, register, limits });
    if (!result.ok) throw new Error('refused');
    const decided = new Map([
      ['GM0001', 'GM0100'],
      ['GM0002', 'GM0003'],
      ['GM0005', 'ended'],
    ]);
    expect(decisionErrors(result.value, rows, decided)).toEqual([]);
    const wrong = new Map([
      ['GM0001', 'GM0002'], // disappears itself
      ['GM0005', ' '],
    ]);
    expect(decisionErrors(result.value, rows, wrong)).toEqual([
      {
        field: 'successor-GM0001',
        messageKey: 'register.errors.successorUnknown',
        params: { name: 'Aadorp', code: 'GM0001' },
      },
      {
        field: 'successor-GM0002',
        messageKey: 'register.errors.decisionRequired',
        params: { name: 'Bedum', code: 'GM0002' },
      },
      {
        field: 'successor-GM0005',
        messageKey: 'register.errors.decisionRequired',
        params: { name: 'Eelde', code: 'GM0005' },
      },
    ]);
  });
});

describe('register messages', () => {
  it('exist in Dutch and English for every key the import code uses', () => {
    const root = path.join(__dirname, '../../..');
    const files = ['register.ts', 'register.service.ts', 'register.routes.ts'].map((f) =>
      fs.readFileSync(path.join(root, 'src/organisations', f), 'utf8'),
    );
    const used = new Set(
      files.flatMap((text) => [...text.matchAll(/'(register\.[\w.]+)'/g)].map((m) => m[1]!)),
    );
    expect(used.size).toBeGreaterThan(20);
    const catalogues = loadCatalogues();
    for (const lng of ['nl', 'en'] as const) {
      const keys = new Set(flattenKeys(catalogues[lng]).map((k) => k.replace(/_(one|other)$/, '')));
      expect([...used].filter((k) => !keys.has(k))).toEqual([]);
    }
  });
});
