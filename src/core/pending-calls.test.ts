import { describe, expect, it } from 'vitest';
import { PendingCalls } from './pending-calls';

describe('pending calls', () => {
  it('gives each call a new id and settles it with the reply sent under that id, whatever the order', async () => {
    const calls = new PendingCalls<string>();
    const sent: number[] = [];
    const first = calls.call((id) => sent.push(id));
    const second = calls.call((id) => sent.push(id));
    expect(sent).toEqual([1, 2]);
    expect(calls.size).toBe(2);
    calls.reply(2, 'two');
    calls.reply(1, 'one');
    calls.reply(7, 'nobody asked');
    await expect(first).resolves.toBe('one');
    await expect(second).resolves.toBe('two');
    expect(calls.size).toBe(0);
  });

  it('a call answered in parts settles at its last part; later replies are dropped', async () => {
    const calls = new PendingCalls<number>();
    const parts: number[] = [];
    const listing = calls.stream(
      () => undefined,
      (part) => {
        parts.push(part);
        return parts.length === 3;
      },
    );
    calls.reply(1, 10);
    calls.reply(1, 11);
    expect(calls.ids()).toEqual([1]);
    calls.reply(1, 12);
    calls.reply(1, 13);
    await listing;
    expect(parts).toEqual([10, 11, 12]);
  });

  it('fails every waiting call when the worker goes, a call whose send throws, and one whose reply handler throws', async () => {
    const calls = new PendingCalls<string>();
    const a = calls.call(() => undefined);
    const b = calls.stream(
      () => undefined,
      () => false,
    );
    calls.failAll(new Error('the worker stopped'));
    await expect(a).rejects.toThrow('the worker stopped');
    await expect(b).rejects.toThrow('the worker stopped');
    await expect(
      calls.call(() => {
        throw new Error('cannot post');
      }),
    ).rejects.toThrow('cannot post');
    const c = calls.stream(
      () => undefined,
      () => {
        throw new Error('bad part');
      },
    );
    calls.reply(calls.ids()[0] ?? 0, 'x');
    await expect(c).rejects.toThrow('bad part');
    expect(calls.size).toBe(0);
  });
});
