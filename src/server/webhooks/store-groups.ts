// Concurrent verified deliveries of one tenant are stored as a group: one statement, one commit
// and one enqueue call (store.ts, storeEvents) instead of one of each per delivery. At the
// bench's peak those per-delivery costs, not the rows, were most of Postgres's share.
//
// Each delivery is still acknowledged only after the statement holding it has committed, with
// its own outcome (stored / duplicate / stale). Nothing waits for a timer: a delivery goes out
// on the next turn of the event loop while fewer than MAX_IN_FLIGHT statements of its tenant are
// running, so a lone delivery costs what it did before; only when they are all busy do arrivals
// queue, and the next free slot takes everything queued (up to MAX_GROUP deliveries or
// MAX_GROUP_BYTES of bodies). A group that fails as a whole (a CHECK on one row, a deadlock) is
// stored again one delivery at a time, so one bad delivery fails alone.
import { getMetrics } from '../obs/metrics';
import { storeEvents, type EventInput, type StoreOutcome } from './store';

export type StoreMany = (
  tenantId: string,
  inputs: readonly EventInput[],
) => Promise<StoreOutcome[]>;

export type StoreGroupLimits = { maxInFlight: number; maxGroup: number; maxGroupBytes: number };

/** Per tenant: 4 statements at once keep both of a small server's cores busy without
 * fragmenting groups; a group is bounded so one statement stays short (and its parameters small). */
export const DEFAULT_LIMITS: StoreGroupLimits = {
  maxInFlight: 4,
  maxGroup: 100,
  maxGroupBytes: 4 * 1024 * 1024,
};

type Waiting = {
  input: EventInput;
  bytes: number;
  resolve: (outcome: StoreOutcome) => void;
  reject: (error: unknown) => void;
};
type TenantQueue = { waiting: Waiting[]; inFlight: number; scheduled: boolean };

export class StoreGroups {
  private readonly queues = new Map<string, TenantQueue>();

  constructor(
    private readonly storeMany: StoreMany = storeEvents,
    private readonly limits: StoreGroupLimits = DEFAULT_LIMITS,
    private readonly observeGroup: (size: number) => void = (size) =>
      getMetrics().webhookStoreGroupSize.observe(size),
  ) {}

  /** Stores one delivery with whatever else of its tenant is waiting; `bytes` is its body's size. */
  store(input: EventInput, bytes: number): Promise<StoreOutcome> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(input.tenantId);
      if (!queue) {
        queue = { waiting: [], inFlight: 0, scheduled: false };
        this.queues.set(input.tenantId, queue);
      }
      queue.waiting.push({ input, bytes, resolve, reject });
      this.pump(input.tenantId, queue);
    });
  }

  /** Tenants with deliveries waiting or being stored (tests and diagnostics). */
  get activeTenants(): number {
    return this.queues.size;
  }

  private pump(tenantId: string, queue: TenantQueue): void {
    if (queue.waiting.length === 0) {
      if (queue.inFlight === 0 && !queue.scheduled) this.queues.delete(tenantId);
      return;
    }
    if (queue.scheduled || queue.inFlight >= this.limits.maxInFlight) return;
    // The next turn, not now: deliveries reaching this point in the same turn go together.
    queue.scheduled = true;
    setImmediate(() => {
      queue.scheduled = false;
      while (queue.inFlight < this.limits.maxInFlight && queue.waiting.length > 0) {
        const group = this.takeGroup(queue);
        queue.inFlight += 1;
        void this.run(tenantId, group).finally(() => {
          queue.inFlight -= 1;
          this.pump(tenantId, queue);
        });
      }
      this.pump(tenantId, queue);
    });
  }

  private takeGroup(queue: TenantQueue): Waiting[] {
    let count = 0;
    let bytes = 0;
    for (const waiting of queue.waiting) {
      if (
        count > 0 &&
        (count >= this.limits.maxGroup || bytes + waiting.bytes > this.limits.maxGroupBytes)
      )
        break;
      count += 1;
      bytes += waiting.bytes;
    }
    return queue.waiting.splice(0, count);
  }

  private async run(tenantId: string, group: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.storeMany(
        tenantId,
        group.map((waiting) => waiting.input),
      );
      this.observeGroup(group.length);
      group.forEach((waiting, i) => waiting.resolve(outcomes[i]!));
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      // One bad delivery must not fail the others: each alone, so each gets its own answer.
      await Promise.all(
        group.map(async (waiting) => {
          try {
            const [outcome] = await this.storeMany(tenantId, [waiting.input]);
            this.observeGroup(1);
            waiting.resolve(outcome!);
          } catch (alone) {
            waiting.reject(alone);
          }
        }),
      );
    }
  }
}

const shared = new StoreGroups();

/** Stores one verified delivery (grouped with its tenant's concurrent ones) and enqueues its job. */
export const storeEvent = (input: EventInput, bytes = 0): Promise<StoreOutcome> =>
  shared.store(input, bytes);
