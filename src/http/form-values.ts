/** Helpers for reading HTML form values, which arrive as a string, an array of strings, or not at all. */

export function firstString(value: unknown): string {
  if (Array.isArray(value)) return firstString(value[0]);
  return typeof value === 'string' ? value : '';
}

/** Checkbox groups: absent → [], one ticked → "a", several → ["a", "b"]. */
export function stringList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

/** A single checkbox: ticked when present with any value. */
export function checkbox(value: unknown): boolean {
  return firstString(value) !== '';
}

/**
 * Reads repeated rows posted as `<field>_<index>` (e.g. nameNl_0, weight_0, nameNl_1 …), so editable lists
 * work as one plain form without JavaScript. Stops at `max` rows.
 */
export function indexedRows<F extends string>(
  body: Record<string, unknown>,
  fields: readonly F[],
  max: number,
) {
  const rows: Array<Record<F, string> & { index: number }> = [];
  for (let i = 0; i < max; i++) {
    if (!fields.some((f) => `${f}_${i}` in body)) continue;
    const row = { index: i } as Record<F, string> & { index: number };
    for (const f of fields)
      (row as Record<string, string>)[f] = firstString(body[`${f}_${i}`]).replace(/\r\n/g, '\n').trim();
    rows.push(row);
  }
  return rows;
}

/**
 * What a form shows again after an error: the named text fields (first value, as typed) and checkbox groups (as
 * lists of strings). Anything else in the body, a password included, is left out.
 */
export function keptFields(
  body: unknown,
  fields: { text: readonly string[]; lists?: readonly string[] },
): Record<string, string | string[]> {
  const b = (body ?? {}) as Record<string, unknown>;
  const kept: Record<string, string | string[]> = {};
  for (const name of fields.text) kept[name] = firstString(b[name]);
  for (const name of fields.lists ?? []) kept[name] = stringList(b[name]);
  return kept;
}
