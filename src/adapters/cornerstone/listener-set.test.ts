import { describe, expect, it } from 'vitest';
import { ListenerSet } from './listener-set';

/** An EventTarget that counts the listeners attached to it. */
class CountingTarget extends EventTarget {
  attached = 0;
  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    this.attached++;
    super.addEventListener(...args);
  }
  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    this.attached--;
    super.removeEventListener(...args);
  }
}

describe('ListenerSet', () => {
  it('leaves one set of listeners however often the viewports are replaced', () => {
    const elements = [new CountingTarget(), new CountingTarget(), new CountingTarget()];
    const set = new ListenerSet();
    let heard = 0;
    for (let study = 0; study < 5; study++) {
      set.clear();
      for (const element of elements)
        for (const type of ['wheel', 'mousemove', 'mouseleave'])
          set.add(element, type, () => heard++, { capture: true });
    }
    expect(elements.map((e) => e.attached)).toEqual([3, 3, 3]);
    expect(set.size).toBe(9);
    elements[0]?.dispatchEvent(new Event('wheel'));
    expect(heard).toBe(1);
    set.clear();
    expect(elements.map((e) => e.attached)).toEqual([0, 0, 0]);
    elements[0]?.dispatchEvent(new Event('wheel'));
    expect(heard).toBe(1);
  });
});
