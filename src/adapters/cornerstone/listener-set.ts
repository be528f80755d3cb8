/**
 * Event listeners added as a group and removed as one: the viewer engine keeps its per-viewport
 * listeners in one of these and clears it whenever the viewports are replaced, so opening study
 * after study leaves exactly one set attached.
 */
type Listener = (event: Event) => void;

export class ListenerSet {
  private readonly attached: {
    target: EventTarget;
    type: string;
    listener: Listener;
    options?: AddEventListenerOptions;
  }[] = [];

  add(target: EventTarget, type: string, listener: Listener, options?: AddEventListenerOptions): void {
    target.addEventListener(type, listener, options);
    this.attached.push({ target, type, listener, ...(options === undefined ? {} : { options }) });
  }

  /** Removes every listener added since the last clear. */
  clear(): void {
    for (const { target, type, listener, options } of this.attached.splice(0))
      target.removeEventListener(type, listener, options);
  }

  get size(): number {
    return this.attached.length;
  }
}
