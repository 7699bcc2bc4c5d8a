/**
 * The rules of the audience vote, pure: what a code looks like and how it is read back, when a vote is open, what
 * an organiser may do when, and who wins. Unit-tested in test/unit/vote/vote.rules.test.ts.
 */
import { createHash, randomInt } from 'node:crypto';
import type { AudienceVote, Tally, VoteState } from './vote.types';

/**
 * Crockford's base32: no I, L, O or U, so a code read from a card cannot be mistyped into another letter. Ten
 * characters carry 50 random bits: with a thousand codes in a vote, a guess hits one with a chance of 1 in 10^12,
 * and wrong guesses are limited per address on top of that.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;
export const CODE_BITS = CODE_LENGTH * Math.log2(CODE_ALPHABET.length);

/** How many codes one request may make (a room of a few thousand at most), and how long a vote may be open. */
export const MAX_CODES_PER_BATCH = 2000;
export const MIN_VOTE_MINUTES = 1;
export const MAX_VOTE_MINUTES = 24 * 60;

/**
 * Wrong codes per address: 50 in 10 minutes. A conference Wi-Fi puts the whole room behind one address, and a
 * few hundred people typing codes by hand make some mistakes; 50 wrong guesses give an attacker nothing against
 * 2^50 possibilities, so the limit is generous to the room and still stops anyone trying codes in bulk.
 */
export const WRONG_CODE_LIMIT = 50;
export const WRONG_CODE_WINDOW_MS = 10 * 60 * 1000;

/** A new random code, from the operating system's CSPRNG. */
export function newCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return code;
}

/** A code as printed on a card: two groups of five, easier to read aloud and type. */
export function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * A code as typed or scanned, in its stored form: upper case, without spaces or dashes, the letters people
 * confuse read as the digits they look like (O → 0, I and L → 1). Null when it cannot be a code at all.
 */
export function normaliseCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const code = input
    .toUpperCase()
    .replace(/[\s\-–_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH) return null;
  for (const char of code) if (!CODE_ALPHABET.includes(char)) return null;
  return code;
}

/** What the database keeps of a code: its SHA-256, hex. */
export function hashCode(code: string): string {
  return createHash('sha256').update(`innovatieprijs-audience:${code}`).digest('hex');
}

/** Open from `opensAt` (inclusive) until `closesAt` (exclusive); no vote row means it was never opened. */
export function voteState(
  vote: Pick<AudienceVote, 'opensAt' | 'closesAt'> | null | undefined,
  now: Date,
): VoteState {
  if (!vote) return 'notOpened';
  const t = now.getTime();
  if (t < vote.opensAt.getTime()) return 'notOpened';
  return t < vote.closesAt.getTime() ? 'open' : 'closed';
}

/**
 * Why a vote cannot be opened now (a catalogue key), or null. It needs at least two finalists, may be opened only
 * once, and not after the result was announced (the audience prize is revealed with the jury's).
 */
export function openProblem(input: {
  state: VoteState;
  finalists: number;
  announced: boolean;
}): string | null {
  if (input.state !== 'notOpened') return 'vote.errors.alreadyOpened';
  if (input.announced) return 'vote.errors.announced';
  if (input.finalists < 2) return 'vote.errors.tooFewFinalists';
  return null;
}

/**
 * The audience prize: the finalists with the most votes (more than one when they tie: they share it), none
 * without votes. Ordered as the finalists are.
 */
export function audienceWinners(tally: Tally, order: readonly number[]): number[] {
  if (tally.total === 0) return [];
  const most = Math.max(...order.map((id) => tally.counts.get(id) ?? 0));
  return order.filter((id) => (tally.counts.get(id) ?? 0) === most);
}

/** A finalist's share of the votes in whole percent (0 without votes), for the projector's bars. */
export function sharePercent(count: number, total: number): number {
  return total === 0 ? 0 : Math.round((count / total) * 100);
}

/**
 * The addresses an organiser pasted (one per line, or separated by commas, semicolons or spaces), lower case and
 * each once; or the first that is not an e-mail address.
 */
export function parseEmailList(text: string): { ok: true; emails: string[] } | { ok: false; bad: string } {
  const emails = new Set<string>();
  for (const part of text.split(/[\s,;]+/)) {
    if (!part) continue;
    const email = part.replace(/^<|>$/g, '').toLowerCase();
    if (email.length > 254 || !/^[^\s@<>()"]+@[^\s@<>()"]+\.[a-z]{2,}$/.test(email))
      return { ok: false, bad: part.slice(0, 80) };
    emails.add(email);
  }
  return { ok: true, emails: [...emails] };
}
