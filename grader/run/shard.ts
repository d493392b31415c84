// Deterministic sharding: shard i of n takes every n-th submission in id order.

/** The submissions of shard `index` (1-based) out of `total`. */
export function shardOf<T extends { id: string }>(items: T[], index: number, total: number): T[] {
  return [...items].sort((a, b) => a.id.localeCompare(b.id)).filter((_, i) => i % total === index - 1);
}
