// Long operations (key generation, connection tests): each has an id chosen by the renderer,
// reports progress under it, and can be cancelled by it. A cancel answers at once, even while
// native work (an RSA 4096 key) cannot be interrupted: that work runs on, and its commit point
// refuses to store anything once the operation was cancelled.
import type { ProbeProgress } from '../../shared/diagnoses.js';
import type { ProgressEvent } from '../../shared/ipc-contract.js';
import { UserError } from '../services/errors.js';

export interface OperationContext {
  signal: AbortSignal;
  /** `probe`: a connection test's step and status, which the app says in its own language. */
  progress(phase: string, fraction?: number | null, probe?: ProbeProgress): void;
  /**
   * Call right before the operation stores anything: throws when it was cancelled, and otherwise
   * makes it final (a cancel arriving later is answered "too late" and changes nothing).
   */
  commit(): void;
}

interface Running {
  controller: AbortController;
  committed: boolean;
}

export class Operations {
  private readonly running = new Map<string, Running>();

  constructor(private readonly emit: (event: ProgressEvent) => void) {}

  async run<T>(operationId: string, work: (ctx: OperationContext) => Promise<T>): Promise<T> {
    if (this.running.has(operationId))
      throw new UserError(
        'conflict',
        'this operation is already running: wait for it or cancel it',
        {},
        { id: 'operation.running' },
      );
    const entry: Running = { controller: new AbortController(), committed: false };
    const { signal } = entry.controller;
    this.running.set(operationId, entry);
    const progress = (phase: string, fraction: number | null = null, probe?: ProbeProgress) =>
      this.emit({ operationId, phase, fraction, ...(probe ? { probe } : {}) });
    const commit = () => {
      if (signal.aborted) throw new OperationCancelled();
      entry.committed = true;
    };
    const working = work({ signal, progress, commit });
    const abandoned = new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => reject(new OperationCancelled()), { once: true }),
    );
    try {
      return await Promise.race([working, abandoned]);
    } catch (error) {
      if (signal.aborted) {
        // The work may still be running; when it ends it has stored nothing (commit refused).
        working
          .then(
            () => undefined,
            () => undefined,
          )
          .finally(() => progress('discarded', 1));
        throw new OperationCancelled();
      }
      throw error;
    } finally {
      this.running.delete(operationId);
    }
  }

  /** True when the operation was stopped; false when it is unknown, finished, or already storing its result. */
  cancel(operationId: string): boolean {
    const entry = this.running.get(operationId);
    if (!entry || entry.committed) return false;
    entry.controller.abort();
    return true;
  }
}

/** Crosses IPC as { code: 'cancelled' } (dispatch keeps the code of any named error). */
class OperationCancelled extends Error {
  readonly code = 'cancelled';
  constructor() {
    super('cancelled: nothing was saved');
    this.name = 'OperationCancelled';
  }
}
