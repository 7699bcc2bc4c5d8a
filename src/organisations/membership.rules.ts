import type { User } from '../users/user.types';

/**
 * Who may see and manage an organisation's members, entries and requests: organisers, and its own members whose
 * membership is granted and whose address is verified (that is what `user.organisationId` means). A person still
 * asking to join sees nothing of it.
 */
export function mayActForOrganisation(
  user: Pick<User, 'role' | 'organisationId'>,
  organisationId: number,
): boolean {
  return user.role === 'admin' || (user.role === 'submitter' && user.organisationId === organisationId);
}

/** Public mail providers: a domain anyone can get an address on never admits anyone to an organisation. */
const PUBLIC_MAIL_DOMAINS = new Set(
  (
    'gmail com|googlemail com|hotmail com|hotmail nl|outlook com|outlook nl|live com|live nl|msn com|yahoo com|' +
    'yahoo nl|icloud com|me com|proton me|protonmail com|ziggo nl|kpnmail nl|kpnplanet nl|planet nl|home nl|' +
    'xs4all nl|zeelandnet nl|telfort nl|tele2 nl|chello nl|quicknet nl|hetnet nl|casema nl|upcmail nl|online nl|' +
    'gmx com|gmx net|mail com|aol com'
  )
    .split('|')
    .map((domain) => domain.replace(' ', '.')),
);

export function isPublicMailDomain(domain: string): boolean {
  return PUBLIC_MAIL_DOMAINS.has(domain.toLowerCase());
}

/** The domain of an address, lower case ("J.Jansen@Utrecht.nl" → "utrecht.nl"). */
export function domainOf(email: string): string {
  return email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}

/** A plain host name: letters, digits and hyphens in labels, at least one dot, no scheme or path. */
export function isValidDomain(domain: string): boolean {
  return (
    domain.length <= 253 && /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)
  );
}
