// Polling for what another process (the worker, a streaming import) does in its own time.
type WaitOptions = { timeoutMs?: number; intervalMs?: number };

/**
 * Calls `read` until it returns something truthy, or until `done(value)` holds when given, and
 * returns that value. Throws after `timeoutMs` (default 15 s) with the last value read.
 */
export async function waitFor<T>(
  read: () => Promise<T | undefined | null | false>,
  options?: WaitOptions,
): Promise<T>;
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options?: WaitOptions,
): Promise<T>;
export async function waitFor<T>(
  read: () => Promise<T>,
  doneOrOptions?: ((value: T) => boolean) | WaitOptions,
  maybeOptions: WaitOptions = {},
): Promise<T> {
  const done = typeof doneOrOptions === 'function' ? doneOrOptions : (value: T) => Boolean(value);
  const options = typeof doneOrOptions === 'function' ? maybeOptions : (doneOrOptions ?? {});
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
