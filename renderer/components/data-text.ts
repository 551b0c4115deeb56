// The Japanese of texts that come as data from main (a finding, a service error): the templates
// live in shared/i18n (findings.ja.json, errors.ja.json, keyed by the finding's or error's id),
// come with the Japanese catalogue (japaneseTexts(), renderer/i18n/index.tsx) and are formatted
// here with the params the data carries, through the same FormatJS (ICU) as the catalogues.
// Without a template, or in English, the data's own English sentence is said.
import { createIntl, createIntlCache, type IntlShape } from 'react-intl';
import { auditActionWords } from '../../shared/audit-words.js';
import type { Finding } from '../../shared/findings.js';
import { errorTemplateJa, sourceJa, type FindingParam } from '../../shared/i18n/errors.js';
import { findingTemplateJa } from '../../shared/i18n/findings.js';
import type { MessageParams, TextLocale } from '../../shared/i18n/message-text.js';
import type { Need } from '../../shared/needs.js';
import { japaneseTexts } from '../i18n/index.js';

/** Made on first use: an English window never formats Japanese (nor loads its locale data). */
let ja: IntlShape | null = null;

/** A Japanese template filled in with its params (ICU: plurals, numbers, selects). */
export function formatJa(template: string, params: MessageParams = {}): string {
  ja ??= createIntl({ locale: 'ja', defaultLocale: 'ja', messages: {} }, createIntlCache());
  return ja.formatMessage({ id: template, defaultMessage: template }, params);
}

/** Rules write their messages without a final stop; some end with a sentence of their own. */
function sentence(text: string, locale: TextLocale): string {
  if (locale === 'ja') return /[。.!?！？]$/.test(text) ? text : `${text}。`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A finding's message and fix in this locale, each a sentence. */
export function findingText(
  finding: Pick<Finding, 'id' | 'message' | 'fix' | 'params'>,
  locale: TextLocale,
): { message: string; fix: string; translated: boolean } {
  const ja = locale === 'ja' ? japaneseTexts() : null;
  const template = ja ? findingTemplateJa(ja, finding) : null;
  if (!template)
    return {
      message: sentence(finding.message, 'en'),
      fix: sentence(finding.fix, 'en'),
      translated: false,
    };
  return {
    message: sentence(formatJa(template.message, finding.params), 'ja'),
    fix: sentence(formatJa(template.fix, finding.params), 'ja'),
    translated: true,
  };
}

/** What main sent about an error, as far as its wording goes. */
export interface ErrorWords {
  message: string;
  messageId?: string;
  params?: MessageParams;
  findingParams?: Record<string, FindingParam>;
  need?: Need;
}

/**
 * An error as the person reads it in this locale: in Japanese when its id has a template (with
 * where to do what it needs, from needs.ja.json), else main's English sentence (which already
 * says where, electron/main/app-wording.ts).
 */
export function errorText(error: ErrorWords, locale: TextLocale): string {
  const ja = locale === 'ja' ? japaneseTexts() : null;
  const template = ja ? errorTemplateJa(ja, error.messageId) : null;
  if (ja === null || template === null) return error.message;
  const findings = Object.fromEntries(
    Object.entries(error.findingParams ?? {}).map(([name, f]) => {
      const said = findingText({ ...f, message: f.id, fix: '' }, 'ja');
      return [name, `${said.message}${said.fix}`];
    }),
  );
  const params = { ...error.params, ...findings };
  // A paste or an unnamed file is named in Japanese too (with no space before the particle that
  // follows, as a file name has); a file name stays as it is.
  const source = typeof params.source === 'string' ? sourceJa(params.source) : null;
  const named = source !== null && source !== params.source;
  if (source !== null) params.source = source;
  // An audit action an error names (the trail's own errors and problems) is said in words.
  if (typeof params.auditAction === 'string')
    params.auditAction = auditActionWords(params.auditAction, 'ja');
  const filled = formatJa(template, params);
  const text = sentence(named ? filled.split(`${source} `).join(source) : filled, 'ja');
  const where = error.need ? ja.needs[error.need] : '';
  return where ? `${text}（${where}）` : text;
}

/** The locale the page is shown in, as its root element says (set by the app for the active locale). */
export function pageLocale(): TextLocale {
  return typeof document !== 'undefined' && document.documentElement.lang === 'ja' ? 'ja' : 'en';
}
