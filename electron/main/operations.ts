// Long operations (key generation, connection tests): each has an id chosen by the renderer,
// reports progress under it, and can be cancelled by it.
import type { ProgressEvent } from '../../shared/ipc-contract.js';
import { UserError } from '../services/errors.js';

export interface OperationContext {
  signal: AbortSignal;
  progress(phase: string, fraction?: number | null): void;
}

export class Operations {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly emit: (event: ProgressEvent) => void) {}

  async run<T>(operationId: string, work: (ctx: OperationContext) => Promise<T>): Promise<T> {
    if (this.running.has(operationId)) throw new UserError('conflict', 'this operation is already running: wait for it or cancel it');
    const controller = new AbortController();
    this.running.set(operationId, controller);
    const progress = (phase: string, fraction: number | null = null) => this.emit({ operationId, phase, fraction });
    try {
      // Work that finished is kept even when a cancel arrived too late: it is reported, not hidden.
      return await work({ signal: controller.signal, progress });
    } catch (error) {
      if (controller.signal.aborted) throw cancelled();
      throw error;
    } finally {
      this.running.delete(operationId);
    }
  }

  cancel(operationId: string): boolean {
    const controller = this.running.get(operationId);
    controller?.abort();
    return controller !== undefined;
  }
}

/** Crosses IPC as { code: 'cancelled' } (dispatch keeps the code of any named error). */
export class OperationCancelled extends Error {
  readonly code = 'cancelled';
  constructor() {
    super('cancelled: nothing was saved');
    this.name = 'OperationCancelled';
  }
}

function cancelled(): OperationCancelled {
  return new OperationCancelled();
}
