import fs from 'node:fs';
import path from 'node:path';
import { flattenKeys, loadCatalogues } from '../../../src/i18n/i18n';

/**
 * The audit page (views/audit/index.ejs) shows `audit.actions.<action with its first dot as _>` and
 * `audit.subjects.<subjectType>`, falling back to the raw name. This test reads every recordAudit call in the
 * source, so an action written without a label in both languages fails here instead of showing as
 * `entry.edit_after_submit` to an organiser.
 */

const root = path.join(__dirname, '../../..');

/**
 * Actions built at run time, which reading the source cannot expand: the expression as written (white space
 * folded) → every action it can give. A new dynamic action fails the test until it is listed here.
 */
const DYNAMIC_ACTIONS: Record<string, string[]> = {
  // users/user.service.ts: SET_PASSWORD_PURPOSES
  '`user.password_${found.purpose}`': ['user.password_reset', 'user.password_invite'],
  // entries/entry.service.ts: moveStatus, called by submitEntry, withdrawEntry and reopenEntry
  '`entry.${input.action}`': ['entry.submit', 'entry.withdraw', 'entry.reopen'],
  // The audience vote's ballot (vote.service.ts decides, vote.repo.ts records it on PostgreSQL).
  'decision.write.audit.action': ['audience.cast', 'audience.change'],
  // kennisbank/publication.rules.ts: PublicationChange
  '`entry.publication_${dates.change}`': [
    'entry.publication_consent',
    'entry.publication_withdraw',
    'entry.publication_change',
  ],
  // notifications/moments.service.ts: MAILING_KINDS
  '`mailing.${input.kind}`': ['mailing.judging_opens', 'mailing.nominees', 'mailing.winner'],
};

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

const sources = [...filesUnder(path.join(root, 'src')), ...filesUnder(path.join(root, 'scripts'))].map(
  (file) => ({ file: path.relative(root, file), text: fs.readFileSync(file, 'utf8') }),
);

const fold = (expression: string) => expression.replace(/\s+/g, ' ').trim();

/** One property of a recordAudit call: the expression after `name:`, up to the comma that ends the line. */
function property(call: string, name: string): string | undefined {
  return new RegExp(`\\b${name}:\\s*([\\s\\S]*?),\\s*\\n`).exec(call)?.[1];
}

/** The values an expression can take when it is a string literal or a condition between two literals. */
function literals(expression: string): string[] | undefined {
  const e = fold(expression);
  const single = /^'([^'\\]*)'$/.exec(e);
  if (single) return [single[1]!];
  // `condition ? 'a' : 'b'`, the condition without a ternary of its own (which would hide a third action).
  const choice = /^(?:(?! \? )[^`])+ \? '([^'\\]*)' : '([^'\\]*)'$/.exec(e);
  if (choice) return [choice[1]!, choice[2]!];
  return undefined;
}

interface Call {
  where: string;
  action: string | undefined;
  subjectType: string | undefined;
}

// Each call, from `recordAudit(` to the end of its object argument (`})`, the first one on a line of its own
// or after the last property). The object must come inline: the properties are read from it.
const calls: Call[] = [];
let callSites = 0;
for (const { file, text } of sources) {
  if (file === path.join('src', 'audit', 'audit.repo.ts')) continue;
  callSites += [...text.matchAll(/\brecordAudit\(/g)].length;
  for (const m of text.matchAll(/\brecordAudit\(\s*\w+,\s*\{\n([\s\S]*?)\n\s*\}\)/g)) {
    const line = text.slice(0, m.index).split('\n').length;
    calls.push({
      where: `${file}:${line}`,
      action: property(m[1]! + '\n', 'action'),
      subjectType: property(m[1]! + '\n', 'subjectType'),
    });
  }
}

function expand(calls: Call[], key: 'action' | 'subjectType') {
  const values = new Set<string>();
  const unreadable: string[] = [];
  const dynamicSeen = new Set<string>();
  for (const call of calls) {
    const expression = call[key];
    const found = expression === undefined ? undefined : literals(expression);
    if (found) found.forEach((v) => values.add(v));
    else if (key === 'action' && expression && DYNAMIC_ACTIONS[fold(expression)]) {
      dynamicSeen.add(fold(expression));
      DYNAMIC_ACTIONS[fold(expression)]!.forEach((v) => values.add(v));
    } else unreadable.push(`${call.where}: ${key}: ${expression === undefined ? '?' : fold(expression)}`);
  }
  return { values: [...values].sort(), unreadable, dynamicSeen };
}

const catalogues = loadCatalogues();
const keys = { nl: new Set(flattenKeys(catalogues.nl)), en: new Set(flattenKeys(catalogues.en)) };
const missingIn = (key: string) => (['nl', 'en'] as const).filter((lng) => !keys[lng].has(key));

describe('audit labels', () => {
  const actions = expand(calls, 'action');

  it('reads every recordAudit call in the source', () => {
    // A call this test cannot read (object built elsewhere, unusual layout) would hide its action.
    expect(calls).toHaveLength(callSites);
    expect(calls.length).toBeGreaterThanOrEqual(40);
    // Writing the table directly would pass by all of this.
    const direct = sources.filter(
      ({ file, text }) =>
        file !== path.join('src', 'audit', 'audit.repo.ts') && /audit_events['"]\)\s*\.insert/.test(text),
    );
    expect(direct.map((s) => s.file)).toEqual([]);
  });

  it('knows every action, also those built at run time', () => {
    // An action expression that is neither a literal nor a condition between two literals must be listed in
    // DYNAMIC_ACTIONS with everything it can give.
    expect(actions.unreadable).toEqual([]);
    expect(Object.keys(DYNAMIC_ACTIONS).filter((e) => !actions.dynamicSeen.has(e))).toEqual([]);
    expect(actions.values.length).toBeGreaterThanOrEqual(45);
  });

  it('names actions <domain>.<what>, never after a catalogue (whose literal keys another test checks)', () => {
    const namespaces = Object.keys(catalogues.nl);
    expect(actions.values.filter((a) => !/^[a-z]+\.[a-z_]+$/.test(a))).toEqual([]);
    expect(actions.values.filter((a) => namespaces.includes(a.split('.')[0]!))).toEqual([]);
  });

  it('has a label in Dutch and English for every action', () => {
    const missing = actions.values.flatMap((action) =>
      missingIn(`audit.actions.${action.replace('.', '_')}`).map((lng) => `${lng}: ${action}`),
    );
    expect(missing).toEqual([]);
  });

  it('has a label in Dutch and English for every subject', () => {
    const subjects = expand(calls, 'subjectType');
    expect(subjects.unreadable).toEqual([]);
    const missing = subjects.values.flatMap((subject) =>
      missingIn(`audit.subjects.${subject}`).map((lng) => `${lng}: ${subject}`),
    );
    expect(missing).toEqual([]);
  });
});
