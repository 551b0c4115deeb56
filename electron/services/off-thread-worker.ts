// The worker side of off-thread.ts: one task at a time, each an operation of the services that
// read untrusted input. A passphrase is asked of the calling thread only when the input needs it.
import { parentPort } from 'node:worker_threads';
import { UserError } from './errors.js';
import { revive, type TaskMessage, type WorkerMessage } from './off-thread.js';
import { OFF_THREAD_OPERATIONS } from './off-thread-operations.js';

const port = parentPort!;
let answer: ((value: string | undefined) => void) | null = null;

function post(message: WorkerMessage): void {
  port.postMessage(message);
}

port.on('message', async (message: TaskMessage) => {
  if (message.type === 'passphrase') {
    answer?.(message.value);
    answer = null;
    return;
  }
  const passphrase = message.hasPassphrase
    ? () =>
        new Promise<string | undefined>((resolve) => {
          answer = resolve;
          post({ type: 'passphrase' });
        })
    : undefined;
  try {
    const operation = OFF_THREAD_OPERATIONS[message.op as keyof typeof OFF_THREAD_OPERATIONS];
    if (!operation) throw new Error(`unknown operation ${message.op}`);
    const value = await (operation as (...args: unknown[]) => Promise<unknown>)(
      ...(revive(message.args) as unknown[]),
      passphrase,
    );
    post({ type: 'done', value });
  } catch (error) {
    post({
      type: 'error',
      error:
        error instanceof UserError
          ? {
              user: true,
              code: error.code,
              message: error.message,
              details: error.details,
              text: error.text,
            }
          : { user: false, message: (error as Error)?.message ?? String(error) },
    });
  }
});
post({ type: 'ready' });
