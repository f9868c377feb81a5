// Serialises work per key (one account stream) inside this process. Commands on one account then
// never race each other for the same revision, so revision conflicts only come from another
// process writing the same store, and the bounded retry is enough. Commands on different
// accounts still run concurrently and share the store's group commit.
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Map<string, number>();

  // Work running or waiting under this key.
  pendingFor(key: string): number {
    return this.pending.get(key) ?? 0;
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    this.pending.set(key, this.pendingFor(key) + 1);
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      const left = this.pendingFor(key) - 1;
      if (left === 0) this.pending.delete(key);
      else this.pending.set(key, left);
      release();
      // Forget the key once nobody is queued behind us, so the map stays as small as the set of
      // accounts with work in flight.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  get keysInFlight(): number {
    return this.tails.size;
  }
}
