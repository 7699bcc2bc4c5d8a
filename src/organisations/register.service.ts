/**
 * Keeping the register's gemeenten current: once a year the organisers read in the new CBS list (a herindeling
 * merges gemeenten, renames or moves some). The preview shows what would change; applying re-reads the same text
 * against the register as it is then (never a stale preview) and makes every change in one transaction, with its
 * audit records. Entries stay with the gemeente that submitted them: the successor's page lists its predecessors'
 * entries, and the conflict rule treats a merged gemeente as its successor.
 */
import type { AppContext } from '../context';
import { recordAudit } from '../audit/audit.repo';
import { lockFor, type Queryable as Db } from '../db/db';
import { inTransaction, invalid, ok, type FieldError, type Result } from '../shared/result';
import type { User } from '../users/user.types';
import { moveCurrentMemberships } from './membership.repo';
import { nameKey } from './organisation.names';
import {
  insertOrganisation,
  listDomains,
  listOrganisations,
  moveOwnershipAndDomains,
  updateOrganisationRow,
} from './organisation.repo';
import type { Organisation } from './organisation.types';
import {
  ENDED,
  LIST_FIELD,
  decisionErrors,
  diffRegister,
  parseGemeentenList,
  unknownProvinces,
  type ListedGemeente,
  type RegisterDiff,
} from './register';

type Deps = Pick<AppContext, 'db' | 'clock'>;

export interface ImportPreview {
  diff: RegisterDiff;
  /** Names of the register's provinces by code (PV26 → Utrecht), for the page. */
  provinceNames: Record<string, string>;
  /** The gemeenten of the new list, by name: what a disappeared one can have gone into. */
  choices: Array<{ code: string; name: string; provinceCode: string; added: boolean }>;
  /** Whether applying would change anything. */
  changes: boolean;
}

export interface ImportSummary {
  added: number;
  renamed: number;
  moved: number;
  merged: number;
  ended: number;
}

interface Plan {
  rows: ListedGemeente[];
  diff: RegisterDiff;
  organisations: Organisation[];
  /** Inactive (or now disappearing) gemeenten whose name the import needs: they become "<name> (<code>)". */
  park: Organisation[];
}

/** Reads the list and compares it with the register as `db` sees it: line errors, or what would change. */
async function plan(db: Db, text: string): Promise<Result<Plan>> {
  const parsed = parseGemeentenList(text);
  if (!parsed.ok) return parsed;
  const organisations = await listOrganisations(db);
  const provinces = new Set(
    organisations.flatMap((o) => (o.type === 'provincie' && o.status === 'active' && o.code ? [o.code] : [])),
  );
  const provinceErrors = unknownProvinces(parsed.value, provinces);
  if (provinceErrors.length) return invalid(provinceErrors);
  const register = organisations.flatMap((o) =>
    o.type === 'gemeente' && o.code !== null
      ? [{ id: o.id, code: o.code, name: o.name, provinceCode: o.provinceCode, status: o.status }]
      : [],
  );
  const diff = diffRegister({ rows: parsed.value, register });
  if (!diff.ok) return diff;
  const claims = nameClaims({ diff: diff.value, organisations });
  if (claims.errors.length) return invalid(claims.errors);
  return ok({ rows: parsed.value, diff: diff.value, organisations, park: claims.park });
}

/** What importing this list would change, or why it cannot be imported (line errors, not a complete list). */
export async function previewImport(
  deps: Pick<Deps, 'db'>,
  input: { text: string },
): Promise<Result<ImportPreview>> {
  const planned = await plan(deps.db, input.text);
  if (!planned.ok) return planned;
  const { rows, diff, organisations } = planned.value;
  const addedCodes = new Set(diff.added.map((a) => a.code));
  const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });
  const sorted = [...rows].sort((a, b) => collator.compare(a.name, b.name) || a.code.localeCompare(b.code));
  return ok({
    diff,
    provinceNames: Object.fromEntries(
      organisations.flatMap((o) => (o.type === 'provincie' && o.code ? [[o.code, o.name]] : [])),
    ),
    choices: sorted.map(({ code, name, provinceCode }) => ({
      code,
      name,
      provinceCode,
      added: addedCodes.has(code),
    })),
    changes: diff.added.length + diff.renamed.length + diff.moved.length + diff.disappeared.length > 0,
  });
}

/**
 * Names the import will write must be free (organisations have a unique name per type). A gemeente that is no
 * longer active, or stops being active in this import, gives its name up: it becomes "<name> (<code>)". A gemeente
 * renamed in this import gives its old name up too. Any other active holder (a gemeente without a code that an
 * organiser once added) is an error: an organiser resolves it first.
 */
function nameClaims(input: { diff: RegisterDiff; organisations: Organisation[] }): {
  park: Organisation[];
  errors: FieldError[];
} {
  const { diff, organisations } = input;
  const renamed = new Set(diff.renamed.map((r) => r.id));
  const disappearing = new Set(diff.disappeared.map((d) => d.id));
  const gemeenten = organisations.filter((o) => o.type === 'gemeente');
  const targets = [
    ...diff.added.map((a) => ({ name: a.name, line: a.line, selfId: a.existingId })),
    ...diff.renamed.map((r) => ({ name: r.to, line: r.line, selfId: r.id })),
  ];
  const park = new Map<number, Organisation>();
  const errors: FieldError[] = [];
  for (const target of targets) {
    const key = nameKey(target.name);
    for (const holder of gemeenten) {
      if (holder.id === target.selfId || renamed.has(holder.id) || nameKey(holder.name) !== key) continue;
      if (holder.status !== 'active' || disappearing.has(holder.id)) park.set(holder.id, holder);
      else
        errors.push({
          field: LIST_FIELD,
          messageKey: 'register.errors.nameTaken',
          params: { line: target.line, name: target.name },
        });
    }
  }
  return { park: [...park.values()], errors };
}

const parkedName = (o: Organisation) => `${o.name} (${o.code ?? o.id})`.slice(0, 200);

/**
 * An organiser imports the new list. `successors` holds a decision for every gemeente that is no longer on it: the
 * code of the gemeente of the new list it went into, or 'ended' (opgeheven zonder opvolger). In one transaction:
 * new gemeenten join the register, changed ones are renamed or moved, and each disappeared gemeente is 'merged' into
 * its successor (which takes over its live ties: ownership of joint bodies, e-mail domains and current memberships)
 * or 'ended'. Audited: one 'organisation.import' record with the counts, and one merge or end per gemeente.
 */
export async function applyImport(
  deps: Deps,
  input: { actor: User; text: string; successors: ReadonlyMap<string, string> },
): Promise<Result<ImportSummary>> {
  const now = deps.clock.now();
  return inTransaction<ImportSummary>(deps.db, async (trx) => {
    // Two organisers applying at once would both insert the same new codes: the second waits, then finds them.
    await lockFor(trx, 'register-import');
    const planned = await plan(trx, input.text);
    if (!planned.ok) return planned;
    const { rows, diff, park } = planned.value;
    const errors = decisionErrors(diff, rows, input.successors);
    if (errors.length) return invalid(errors);

    const parked = new Map<number, string>();
    for (const holder of park) {
      parked.set(holder.id, parkedName(holder));
      await updateOrganisationRow(trx, { id: holder.id, now, fields: { name: parkedName(holder) } });
    }
    // Renamed gemeenten first leave their names, so that two of them can swap or pass names on.
    for (const r of diff.renamed)
      await updateOrganisationRow(trx, { id: r.id, now, fields: { name: `~${r.code}` } });

    const idByCode = new Map(
      planned.value.organisations.flatMap((o) => (o.type === 'gemeente' && o.code ? [[o.code, o.id]] : [])),
    );
    for (const a of diff.added) {
      const fields = { name: a.name, code: a.code, provinceCode: a.provinceCode };
      if (a.existingId !== null) {
        await updateOrganisationRow(trx, {
          id: a.existingId,
          now,
          fields: { ...fields, status: 'active', source: 'register', mergedIntoId: null },
        });
      } else {
        const id = await insertOrganisation(trx, {
          ...fields,
          type: 'gemeente',
          now,
          status: 'active',
          source: 'register',
        });
        idByCode.set(a.code, id);
      }
    }
    const listed = new Map(rows.map((r) => [r.code, r]));
    for (const id of new Set([...diff.renamed.map((r) => r.id), ...diff.moved.map((m) => m.id)])) {
      const code = [...diff.renamed, ...diff.moved].find((c) => c.id === id)!.code;
      const row = listed.get(code)!;
      await updateOrganisationRow(trx, {
        id,
        now,
        fields: { name: row.name, provinceCode: row.provinceCode },
      });
    }

    await recordAudit(trx, {
      actorUserId: input.actor.id,
      action: 'organisation.import',
      subjectType: 'organisation',
      subjectId: null,
      after: {
        listed: diff.listed,
        unchanged: diff.unchanged,
        added: diff.added.length,
        renamed: diff.renamed.length,
        moved: diff.moved.length,
        merged: diff.disappeared.filter((d) => input.successors.get(d.code) !== ENDED).length,
        ended: diff.disappeared.filter((d) => input.successors.get(d.code) === ENDED).length,
        changes: {
          added: diff.added.map((a) => ({ code: a.code, name: a.name, provinceCode: a.provinceCode })),
          renamed: diff.renamed.map((r) => ({ code: r.code, from: r.from, to: r.to })),
          moved: diff.moved.map((m) => ({ code: m.code, from: m.from, to: m.to })),
          namesGivenUp: park.map((o) => ({ id: o.id, from: o.name, to: parkedName(o) })),
        },
      },
      at: now,
    });

    const summary: ImportSummary = {
      added: diff.added.length,
      renamed: diff.renamed.length,
      moved: diff.moved.length,
      merged: 0,
      ended: 0,
    };
    const organisations = new Map(planned.value.organisations.map((o) => [o.id, o]));
    for (const d of diff.disappeared) {
      const decision = input.successors.get(d.code)!.trim();
      const before = { status: 'active', name: d.name, code: d.code };
      const name = parked.get(d.id) ?? d.name;
      if (decision === ENDED) {
        await updateOrganisationRow(trx, { id: d.id, now, fields: { status: 'ended' } });
        await recordAudit(trx, {
          actorUserId: input.actor.id,
          action: 'organisation.end',
          subjectType: 'organisation',
          subjectId: d.id,
          before,
          after: { status: 'ended', name },
          at: now,
        });
        summary.ended++;
        continue;
      }
      const successorId = idByCode.get(decision)!;
      const ownedJointBodies = [...organisations.values()]
        .filter((o) => o.ownerIds.includes(d.id))
        .map((o) => o.id);
      const domains = (await listDomains(trx, d.id)).map((x) => x.domain);
      await moveOwnershipAndDomains(trx, { fromId: d.id, toId: successorId });
      const memberships = await moveCurrentMemberships(trx, { fromId: d.id, toId: successorId });
      await updateOrganisationRow(trx, {
        id: d.id,
        now,
        fields: { status: 'merged', mergedIntoId: successorId },
      });
      await recordAudit(trx, {
        actorUserId: input.actor.id,
        action: 'organisation.merge',
        subjectType: 'organisation',
        subjectId: d.id,
        before,
        after: {
          status: 'merged',
          name,
          mergedIntoId: successorId,
          mergedIntoName: listed.get(decision)!.name,
          mergedIntoCode: decision,
          ownershipMoved: ownedJointBodies,
          domainsMoved: domains,
          membershipsMoved: memberships,
        },
        at: now,
      });
      summary.merged++;
    }
    return ok(summary);
  });
}
