// Comparing what a client sent with the handout's greeting, leniently.

/** `exact`: contains "Ola Mundo!"; `loose`: the same words ignoring case, accents, punctuation, spacing. */
export type GreetingMatch = 'exact' | 'loose' | 'none';

/** The handout's greeting. */
export const GREETING = 'Ola Mundo!';

/** Lower-case letters and digits only, accents removed. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** How well `received` matches the greeting. */
export function greetingMatch(received: string): GreetingMatch {
  if (received.includes(GREETING)) return 'exact';
  return normalise(received).includes(normalise(GREETING)) ? 'loose' : 'none';
}
