/**
 * Calls sent to a worker under an id, waiting for their replies: the bookkeeping every worker
 * client of the app shares (the classifier, the alignment pool, the header readers). The client
 * sends and routes replies; this decides which call a reply settles and fails what is left when
 * the worker goes.
 */
interface Waiting<Reply> {
  /** Takes one reply; true once the call is answered. */
  readonly onReply: (reply: Reply) => boolean;
  readonly reject: (error: unknown) => void;
}

export class PendingCalls<Reply> {
  private readonly waiting = new Map<number, Waiting<Reply>>();
  private nextId = 1;

  /** Sends a call under a new id (`send` posts it); resolves with its one reply. */
  call(send: (id: number) => void): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      this.start(send, {
        onReply: (reply) => {
          resolve(reply);
          return true;
        },
        reject,
      });
    });
  }

  /** A call answered in parts: `onPart` takes each and says when it was the last. */
  stream(send: (id: number) => void, onPart: (part: Reply) => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.start(send, {
        onReply: (part) => {
          const last = onPart(part);
          if (last) resolve();
          return last;
        },
        reject,
      });
    });
  }

  /** Routes a reply to its call; a reply no call waits for (cancelled, failed) is dropped. */
  reply(id: number, reply: Reply): void {
    const waiting = this.waiting.get(id);
    if (waiting === undefined) return;
    let done: boolean;
    try {
      done = waiting.onReply(reply);
    } catch (error) {
      this.waiting.delete(id);
      waiting.reject(error);
      return;
    }
    if (done) this.waiting.delete(id);
  }

  /** Fails every call still waiting (the worker stopped, or they were cancelled). */
  failAll(error: unknown): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of waiting) w.reject(error);
  }

  /** The ids of the calls still waiting. */
  ids(): number[] {
    return [...this.waiting.keys()];
  }

  get size(): number {
    return this.waiting.size;
  }

  private start(send: (id: number) => void, waiting: Waiting<Reply>): void {
    const id = this.nextId++;
    this.waiting.set(id, waiting);
    try {
      send(id);
    } catch (error) {
      this.waiting.delete(id);
      waiting.reject(error);
    }
  }
}
