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

/** How well `received` matches the greeting (the handout's, or the course's). */
export function greetingMatch(received: string, greeting = GREETING): GreetingMatch {
  if (received.includes(greeting)) return 'exact';
  return normalise(received).includes(normalise(greeting)) ? 'loose' : 'none';
}

/** The greeting of this run: the course's (sockgrade.yaml), else the handout's. */
export function greetingOf(ctx: { options: { greeting?: string } }): string {
  return ctx.options.greeting ?? GREETING;
}
