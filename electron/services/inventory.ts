// The onboarding inventory, one module per concern: the stored records (records.ts), the earlier
// layouts and their migrations (migrations.ts), the locked store (store.ts), the derived status
// (status.ts, pure; its shared rules in shared/onboarding-status.ts) and the renewal calendar
// (calendar.ts). Callers import from here.
export * from './inventory/records.js';
export { Inventory } from './inventory/store.js';
export { checksOf, expiriesOf, summarize, type StatusClock } from './inventory/status.js';
export { renewalCalendar, type RenewalCalendar } from './inventory/calendar.js';
