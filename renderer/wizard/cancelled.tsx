// A cancelled operation is news, not a failure: one neutral note (.cancelled-note, the style the
// tester and the test results use) wherever the wizard reports a cancel.
import { ApiError, errorMessage } from '../api.js';

/** What a failed call means for the screen: a cancel (a status line) or an error (an alert). */
export function outcomeOf(e: unknown): { error: string | null; cancelled: string | null } {
  return e instanceof ApiError && e.code === 'cancelled'
    ? { error: null, cancelled: e.message }
    : { error: errorMessage(e), cancelled: null };
}

export function CancelledNote({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="status" className="cancelled-note">
      {message.charAt(0).toUpperCase() + message.slice(1)}
    </p>
  );
}
