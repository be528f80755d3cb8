import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used entries once the cost passes the budget', () => {
    const cache = new LruCache<string, number>(10);
    cache.set('a', 1, 4);
    cache.set('b', 2, 4);
    expect(cache.get('a')).toBe(1); // a is now more recent than b
    cache.set('c', 3, 4);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.cost).toBe(8);
  });

  it('replaces an entry without counting its old cost twice', () => {
    const cache = new LruCache<string, number>(10);
    cache.set('a', 1, 6);
    cache.set('a', 2, 6);
    expect(cache.size).toBe(1);
    expect(cache.cost).toBe(6);
    expect(cache.get('a')).toBe(2);
  });

  it('does not keep an entry costlier than the budget, and keeps the others', () => {
    const cache = new LruCache<string, number>(10);
    cache.set('a', 1, 3);
    cache.set('huge', 2, 11);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
  });

  it('clears and deletes', () => {
    const cache = new LruCache<string, number>(10);
    cache.set('a', 1, 3);
    cache.set('b', 1, 3);
    cache.delete('a');
    expect(cache.cost).toBe(3);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.cost).toBe(0);
  });
});
