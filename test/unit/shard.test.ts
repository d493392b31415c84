// Sharding: every submission lands in exactly one shard, deterministically, whatever the input order.
import { describe, expect, it } from 'vitest';
import { parseShard } from '../../grader/config.js';
import { UsageError } from '../../grader/errors.js';
import { shardOf } from '../../grader/run/shard.js';

const subs = (ids: string[]) => ids.map((id) => ({ id, path: `/class/${id}` }));
const ids = (items: { id: string }[]) => items.map((s) => s.id);
const CLASS = subs(['maria', 'joao', 'ana', 'Bruno', 'carla', 'davi', 'eva', 'fabio', 'gil', 'hugo', 'íris']);

describe('shardOf', () => {
  it.each([1, 2, 3, 4, 11, 20])('splits the class into %i disjoint shards that cover it', (total) => {
    const shards = Array.from({ length: total }, (_, i) => ids(shardOf(CLASS, i + 1, total)));
    expect(shards.flat().sort()).toEqual(ids(CLASS).sort());
    expect(new Set(shards.flat()).size).toBe(CLASS.length);
    // Round-robin keeps shards within one submission of each other.
    const sizes = shards.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('does not depend on the order the folders were listed in', () => {
    const reversed = [...CLASS].reverse();
    for (let i = 1; i <= 3; i++) expect(ids(shardOf(reversed, i, 3))).toEqual(ids(shardOf(CLASS, i, 3)));
  });

  it('takes every n-th submission in id order', () => {
    const sorted = ids(CLASS).sort((a, b) => a.localeCompare(b));
    expect(ids(shardOf(CLASS, 1, 3))).toEqual(sorted.filter((_, i) => i % 3 === 0));
    expect(ids(shardOf(CLASS, 3, 3))).toEqual(sorted.filter((_, i) => i % 3 === 2));
  });

  it('returns all submissions for 1/1 and leaves the input untouched', () => {
    const copy = [...CLASS];
    expect(ids(shardOf(CLASS, 1, 1))).toHaveLength(CLASS.length);
    expect(CLASS).toEqual(copy);
  });

  it('gives an empty shard when there are more shards than submissions', () => {
    expect(shardOf(subs(['a', 'b']), 3, 3)).toEqual([]);
  });
});

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, total: 1 });
    expect(parseShard('3/8')).toEqual({ index: 3, total: 8 });
  });

  it.each(['0/2', '3/2', '1/0', '1', '1/2/3', 'a/b', ' 1/2', '-1/2', '1.5/2', ''])('rejects %j with a usage error', (text) => {
    expect(() => parseShard(text)).toThrow(UsageError);
    expect(() => parseShard(text)).toThrow('--shard must look like 1/3 (a shard number from 1 to the total).');
  });
});
