// eSpeak NG runs in worker threads: one synthesis takes 100-300 ms of CPU, which on the request
// path's event loop would stall every other request. The pool bounds how many run at once
// (TTS_CONCURRENCY threads, each one job at a time) and how many may wait (TTS_QUEUE_MAX); past
// that a request is refused at once (SpeechBusyError) instead of queueing without end. A job
// that overruns its time is ended with its thread, which is replaced on the next job.
import { Worker } from 'node:worker_threads';
import { SpeechBusyError, SpeechFailedError } from './errors';
import { ESPEAK_WORKER_SOURCE } from './espeak-worker-source';

export type EspeakJob = { text: string; voice: string; wpm: number };

type Pending = EspeakJob & {
  id: number;
  resolve: (wav: Uint8Array) => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
};
type Reply = { id: number; wav?: Uint8Array; error?: string };
type Slot = { worker: Worker; job: Pending | null; timer?: NodeJS.Timeout };

export type EspeakPoolOptions = { threads: number; queueMax: number; timeoutMs: number };

export class EspeakPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;

  constructor(private readonly options: EspeakPoolOptions) {}

  synthesize(job: EspeakJob, signal?: AbortSignal): Promise<Uint8Array> {
    if (signal?.aborted) return Promise.reject(new SpeechFailedError('speech was cancelled'));
    if (this.queue.length >= this.options.queueMax && !this.idleSlot())
      return Promise.reject(
        new SpeechBusyError('the speech engine is busy; retry in a few seconds'),
      );
    return new Promise<Uint8Array>((resolve, reject) => {
      this.queue.push({ ...job, id: this.nextId++, resolve, reject, signal });
      this.pump();
    });
  }

  /** Ends every thread (tests, shutdown). */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private idleSlot(): Slot | undefined {
    return this.slots.find((slot) => !slot.job);
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot =
        this.idleSlot() ?? (this.slots.length < this.options.threads ? this.spawn() : undefined);
      if (!slot) return;
      const job = this.queue.shift()!;
      if (job.signal?.aborted) {
        job.reject(new SpeechFailedError('speech was cancelled'));
        continue;
      }
      slot.job = job;
      slot.timer = setTimeout(
        () => this.fail(slot, 'the speech engine overran its time'),
        this.options.timeoutMs,
      );
      slot.worker.postMessage({ id: job.id, text: job.text, voice: job.voice, wpm: job.wpm });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(ESPEAK_WORKER_SOURCE, { eval: true });
    // Idle threads must not keep a process (a test, the benchmark) alive.
    worker.unref();
    const slot: Slot = { worker, job: null };
    worker.on('message', (reply: Reply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      clearTimeout(slot.timer);
      slot.job = null;
      if (reply.wav) job.resolve(reply.wav);
      else job.reject(new SpeechFailedError(reply.error ?? 'the speech engine failed'));
      this.pump();
    });
    worker.on('error', (error) => this.fail(slot, `the speech engine crashed: ${error.message}`));
    worker.on('exit', () => this.fail(slot, 'the speech engine stopped'));
    this.slots.push(slot);
    return slot;
  }

  /** Rejects the slot's job and retires its thread; the queue moves on with a fresh one. */
  private fail(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    job?.reject(new SpeechFailedError(reason));
    void slot.worker.terminate();
    this.pump();
  }
}
