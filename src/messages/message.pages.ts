/** View models of the message pages: the form (with the selected entries when it came from the organisers' list). */
import type { AppContext } from '../context';
import type { Edition } from '../editions/edition.types';
import { MESSAGE_GROUPS, placeholderFields, RECIPIENT_GROUPS, type RecipientGroup } from './message';
import { selectedEntries, type SelectedEntry } from './message.service';

/**
 * The message form of an edition. For a message to selected entries (`group` selectedEntries) it lists the entries,
 * which the form carries on as hidden fields. A selection that is not the edition's lists nothing: the organiser starts
 * again from the list (the preview and the sending refuse it with their own message).
 */
export async function messageFormPage(
  deps: Pick<AppContext, 'db'>,
  input: { edition: Edition; group: string; entryIds: readonly string[] },
) {
  const group = RECIPIENT_GROUPS.find((g) => g === input.group);
  let selection: SelectedEntry[] | null = null;
  if (group === 'selectedEntries') {
    const wellFormed = input.entryIds.every((id) => /^\d{1,9}$/.test(id));
    const found = wellFormed
      ? await selectedEntries(deps, { edition: input.edition, entryIds: input.entryIds.map(Number) })
      : null;
    selection = found?.ok ? found.value : [];
  }
  return {
    edition: input.edition,
    groups: MESSAGE_GROUPS,
    selection,
    placeholders: placeholderFields((group ?? 'jurors') as RecipientGroup),
  };
}
