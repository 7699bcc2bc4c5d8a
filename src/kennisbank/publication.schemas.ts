import { checkbox, firstString, stringList } from '../http/form-values';
import { parseId } from '../http/ids';
import type { FieldError } from '../shared/result';
import { LICENCES, type Licence, type PublicationDecision } from './publication.types';

/**
 * Reads the publication form: consent yes or no (required), the licence (required with consent), the contact
 * person shown or not, and the attachments marked public (ids; the service checks they are the entry's own).
 */
export function parsePublicationForm(
  body: Record<string, unknown>,
): { ok: true; decision: PublicationDecision } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const consent = firstString(body.consent);
  if (consent !== 'yes' && consent !== 'no')
    errors.push({ field: 'consent', messageKey: 'kennisbank.publication.errors.consent' });
  const licenceValue = firstString(body.licence);
  const licence = (LICENCES as readonly string[]).includes(licenceValue) ? (licenceValue as Licence) : null;
  if (consent === 'yes' && !licence)
    errors.push({ field: 'licence', messageKey: 'kennisbank.publication.errors.licence' });
  const rawIds = stringList(body.publicAttachmentIds);
  const ids = rawIds.map(parseId);
  if (rawIds.length > 100 || ids.some((id) => id === null))
    errors.push({ field: 'publicAttachmentIds', messageKey: 'kennisbank.publication.errors.attachment' });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    decision: {
      consent: consent === 'yes',
      licence: licence ?? 'all-rights-reserved',
      showContact: consent === 'yes' && checkbox(body.showContact),
      publicAttachmentIds: consent === 'yes' ? (ids as number[]) : [],
    },
  };
}
