// Renewal reminders as an iCalendar file (RFC 5545): one all-day event per certificate on its
// expiry date, with an alarm at each warning threshold.
import { DAY_MS } from '../../../shared/artifact-facts.js';
import type { ExpiryEntry } from './records.js';

export interface RenewalCalendar {
  /** The .ics text (CRLF line ends, folded at 75 octets). */
  ics: string;
  /** How many events (certificates) it holds. */
  events: number;
}

export function renewalCalendar(
  entries: readonly ExpiryEntry[],
  now: Date,
  thresholds: readonly number[],
): RenewalCalendar {
  const stamp = icsDateTime(now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//mtls-desk//certificate renewals//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  for (const entry of entries) lines.push(...renewalEvent(entry, stamp, thresholds));
  lines.push('END:VCALENDAR');
  return { ics: lines.map(foldIcsLine).join('\r\n') + '\r\n', events: entries.length };
}

function renewalEvent(entry: ExpiryEntry, stamp: string, thresholds: readonly number[]): string[] {
  const day = entry.notAfter.slice(0, 10).replace(/-/g, '');
  const next = new Date(Date.parse(entry.notAfter.slice(0, 10)) + DAY_MS)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const lines = [
    'BEGIN:VEVENT',
    `UID:${entry.sha256Fingerprint.replace(/:/g, '').toLowerCase()}-${entry.onboardingId.replace(/[^A-Za-z0-9.-]/g, '_')}@mtls-desk`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${day}`,
    `DTEND;VALUE=DATE:${next}`,
    `SUMMARY:${icsText(`Renew ${entry.what} of ${entry.onboardingId} (expires ${entry.notAfter.slice(0, 10)})`)}`,
    `DESCRIPTION:${icsText(`${entry.subject}; SHA-256 ${entry.sha256Fingerprint}; expires ${entry.notAfter}. Renew it in mTLS Desk: onboarding ${entry.onboardingId}, client identity.`)}`,
  ];
  for (const days of thresholds) {
    lines.push(
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${icsText(`${entry.what} of ${entry.onboardingId} expires in ${days} days`)}`,
      `TRIGGER:-P${days}D`,
      'END:VALARM',
    );
  }
  lines.push('END:VEVENT');
  return lines;
}

function icsDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function icsText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** RFC 5545: lines longer than 75 octets continue on the next line after a space. */
function foldIcsLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const n = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74;
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
