// The settings' one rule, as the CLI, the IPC schema, main and the Settings screen apply it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestSchemas } from '../../shared/ipc-contract.js';
import {
  effectiveWarningDays,
  warningDayProblem,
  warningDaysProblem,
  warningOrderProblem,
} from '../../shared/settings.js';

describe('expiry warning rule', () => {
  it('takes three whole days from 1 to 365, the earliest first', () => {
    assert.equal(warningDaysProblem([90, 30, 7]), null);
    assert.match(warningDaysProblem([60, 14])!, /give 3 expiry warnings.*2 were given/);
    assert.match(warningDaysProblem([90, 30, 7, 1])!, /4 were given/);
    assert.match(warningDaysProblem([400, 30, 7])!, /from 1 to 365/);
    assert.match(warningDaysProblem([90, 30, 7.5])!, /whole number/);
    assert.match(warningDaysProblem([30, 30, 7])!, /fewer days before expiry/);
    assert.equal(warningDayProblem(365), null);
    assert.equal(warningOrderProblem([7, 30]) !== null, true);
  });

  it('is the IPC schema rule too', () => {
    const schema = requestSchemas['settings.update'];
    assert.equal(schema.safeParse({ expiryWarningDays: [60, 30, 14] }).success, true);
    for (const days of [
      [60, 14],
      [14, 30, 60],
      [90, 30, 0],
      [60, 30, 14, 7],
    ])
      assert.equal(schema.safeParse({ expiryWarningDays: days }).success, false, String(days));
  });

  it('reads what an older version stored against the rule as the defaults', () => {
    assert.deepEqual(effectiveWarningDays([60, 14]), [90, 30, 7]);
    assert.deepEqual(effectiveWarningDays(undefined), [90, 30, 7]);
    assert.deepEqual(effectiveWarningDays([60, 30, 14]), [60, 30, 14]);
  });
});
