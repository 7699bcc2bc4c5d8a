import { entryNumber } from '../entries/entry.service';
import type { Edition } from '../editions/edition.types';
import type { Loaded } from './loaders';

/**
 * What a page is about, named from the records its route loaded, for the document title (WCAG 2.4.2): "Belangenconflict"
 * alone is the title of 22 organiser pages; "Belangenconflict – Anna Aalders – Innovatieprijs 2027" is one. The
 * most specific record first (an entry, a person, an organisation, a question), then the edition. Pure.
 */
export function pageSubject(loaded: Partial<Loaded> | undefined, lng: 'nl' | 'en'): string[] {
  if (!loaded) return [];
  const edition: Pick<Edition, 'name' | 'year'> | undefined =
    loaded.edition ??
    loaded.entryEdition ??
    loaded.jurorSeat?.edition ??
    loaded.resultsEdition ??
    loaded.publishedEdition;
  const entry =
    loaded.entry ??
    loaded.juryEntry?.entry ??
    loaded.juryEditionEntry ??
    loaded.resultsEntry ??
    loaded.project;
  const parts: string[] = [];
  if (entry) {
    const number = edition && 'number' in entry ? entryNumber(edition, entry) : '';
    parts.push(entry.title.trim() ? entry.title.trim() : number);
  }
  const person = loaded.user?.name ?? loaded.jurySeat?.name ?? loaded.membership?.name;
  if (person) parts.push(person);
  if (loaded.organisation) parts.push(loaded.organisation.name);
  if (loaded.question)
    parts.push(lng === 'en' && loaded.question.labelEn ? loaded.question.labelEn : loaded.question.labelNl);
  if (edition) parts.push(edition.name);
  return parts.filter((p) => p !== '');
}
