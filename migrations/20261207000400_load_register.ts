import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

/**
 * Data: the official register (provinces, gemeenten, waterschappen from migrations/data, see SOURCES.md there),
 * matched against the organisations that existed before it, and the accounts' organisations turned into
 * memberships.
 *
 * - An existing organisation of the same type and, ignoring case and spacing, the same name becomes that body of
 *   the register: it gets the code, the official spelling and the province; its id, and so every entry, partner,
 *   tie and account that points at it, stays.
 * - Every other existing organisation is kept, marked 'unverified', for an organiser to resolve (approve it as a
 *   joint body, or merge it into the register body it meant). Nothing is deleted.
 * - Every account that belonged to an organisation becomes its active member ('migrated'), so entrants keep their
 *   entries; the organisation page lets members and organisers review them.
 *
 * Migrations do not import app code, so the few lines that read the CBS layout are here too.
 */

interface RegisterRow {
  type: 'provincie' | 'gemeente' | 'waterschap';
  code: string | null;
  name: string;
  provinceCode: string | null;
}

function dataDir(): string {
  // From source: migrations/data; from the build (dist/migrations) the data stays in the source tree.
  const candidates = [path.join(__dirname, 'data'), path.join(__dirname, '..', '..', 'migrations', 'data')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'cbs-gemeenten.csv')));
  if (!found) throw new Error(`Register data not found in ${candidates.join(' or ')}`);
  return found;
}

/** Semicolon-separated lines with a header; '#' lines are the file's own notes (source and date). */
function readTable(file: string): Array<Record<string, string>> {
  const lines = fs
    .readFileSync(path.join(dataDir(), file), 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const cells = (line: string) => line.split(';').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  const header = cells(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const values = cells(line);
    return Object.fromEntries(header.map((h, i) => [h, values[i] ?? '']));
  });
}

function registerRows(): RegisterRow[] {
  const provinces = readTable('provincies.csv').map((r): RegisterRow => ({
    type: 'provincie',
    code: r.ProvinciecodePV!,
    name: r.Provincienaam!,
    provinceCode: null,
  }));
  const gemeenten = readTable('cbs-gemeenten.csv').map((r): RegisterRow => ({
    type: 'gemeente',
    code: r.GemeentecodeGM!,
    name: r.Gemeentenaam!,
    provinceCode: r.ProvinciecodePV!,
  }));
  const waterschappen = readTable('waterschappen.csv').map((r): RegisterRow => ({
    type: 'waterschap',
    code: r.Waterschapcode || null,
    name: r.Waterschapnaam!,
    provinceCode: null,
  }));
  return [...provinces, ...gemeenten, ...waterschappen];
}

const key = (type: string, name: string) =>
  `${type}|${name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('nl')}`;

export async function up(knex: Knex): Promise<void> {
  const now = new Date();
  const existing: Array<{ id: number; name: string; type: string }> = await knex('organisations').select(
    'id',
    'name',
    'type',
  );
  const byKey = new Map(existing.map((o) => [key(o.type, o.name), o]));
  const matched = new Set<number>();
  const inserts: Array<Record<string, unknown>> = [];
  for (const row of registerRows()) {
    const found = byKey.get(key(row.type, row.name));
    const fields = { code: row.code, province_code: row.provinceCode, status: 'active', source: 'register' };
    if (found && !matched.has(found.id)) {
      matched.add(found.id);
      await knex('organisations')
        .where({ id: found.id })
        .update({ ...fields, name: row.name, updated_at: now });
    } else {
      inserts.push({ ...fields, name: row.name, type: row.type, created_at: now, updated_at: now });
    }
  }
  for (let i = 0; i < inserts.length; i += 100) await knex('organisations').insert(inserts.slice(i, i + 100));
  const unmatched = existing.filter((o) => !matched.has(o.id)).map((o) => o.id);
  for (let i = 0; i < unmatched.length; i += 500)
    await knex('organisations')
      .whereIn('id', unmatched.slice(i, i + 500))
      .update({ status: 'unverified', source: 'legacy' });

  const members: Array<{ id: number; organisation_id: number; created_at: unknown }> = await knex('users')
    .whereNotNull('organisation_id')
    .select('id', 'organisation_id', 'created_at');
  const memberships = members.map((u) => ({
    organisation_id: u.organisation_id,
    user_id: u.id,
    status: 'active',
    via: 'migrated',
    requested_at: u.created_at,
    decided_at: now,
  }));
  for (let i = 0; i < memberships.length; i += 100)
    await knex('memberships').insert(memberships.slice(i, i + 100));
}

/** The register's rows and memberships cannot be told apart from later ones with certainty; nothing to undo. */
export async function down(): Promise<void> {}
