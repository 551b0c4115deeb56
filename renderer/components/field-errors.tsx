// Errors at their fields, for every form: main names the input an error is about (IpcError's
// `field`, or its `need`, from the structured details of shared/needs.ts), and the form shows the
// sentence under that input (aria-invalid, aria-describedby) with a short summary on top whose
// links move the focus to each field. A check the page makes itself goes through the same path,
// so a form never has two ways of saying what is wrong.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Need } from '../../shared/needs.js';
import { ApiError, errorMessage } from '../api.js';
import { useT } from '../i18n/index.js';

interface Problems<F extends string> {
  fields: Partial<Record<F, string>>;
  /** A refusal that is about no field of this form. */
  general: string | null;
  /** Bumped on every submit that failed, so the summary takes the focus again. */
  shown: number;
}

export interface FieldErrors<F extends string> {
  /** The id of a field's input (give it to the input: the summary's link points to it). */
  inputId(field: F): string;
  /** id, aria-invalid and aria-describedby for a field's input; `also` adds its own hint's id. */
  props(
    field: F,
    also?: string | null,
  ): { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };
  message(field: F): string | null;
  /** Shows a failed call: at its field when main named one of this form's, else on top. */
  fail(error: unknown): void;
  /** Shows the page's own problems (field -> sentence) at their fields, with the summary. */
  show(problems: Partial<Record<F, string | null>>): boolean;
  /** Forgets every problem (before a new submit) or one field's (as it is edited). */
  clear(field?: F): void;
  readonly problems: Problems<F>;
  readonly labels: Record<F, string>;
  readonly base: string;
  readonly summaryRef: React.RefObject<HTMLDivElement | null>;
}

/**
 * One form's field errors. `labels` names each field as the summary says it, by the request key
 * main uses; `needs` maps a need (shared/needs.ts) to the field that gives it, for errors that
 * carry a need but no field (a wrong passphrase of a file).
 */
export function useFieldErrors<F extends string>(
  labels: Record<F, string>,
  needs: Partial<Record<Need, F>> = {},
): FieldErrors<F> {
  const base = useId();
  const summaryRef = useRef<HTMLDivElement | null>(null);
  const [problems, setProblems] = useState<Problems<F>>({ fields: {}, general: null, shown: 0 });
  useEffect(() => {
    if (problems.shown > 0) summaryRef.current?.focus();
  }, [problems.shown]);
  const inputId = useCallback((field: F) => `${base}-${field}`, [base]);
  const labelsRef = useRef(labels);
  labelsRef.current = labels;
  const needsRef = useRef(needs);
  needsRef.current = needs;

  const fail = useCallback((error: unknown) => {
    const known = (f: string | undefined): F | undefined =>
      f !== undefined && f in labelsRef.current ? (f as F) : undefined;
    const field =
      error instanceof ApiError
        ? (known(error.field) ?? (error.need ? needsRef.current[error.need] : undefined))
        : undefined;
    const message = errorMessage(error);
    setProblems((p) => ({
      fields: field ? ({ [field]: message } as Partial<Record<F, string>>) : {},
      general: field ? null : message,
      shown: p.shown + 1,
    }));
  }, []);

  const show = useCallback((found: Partial<Record<F, string | null>>) => {
    const fields: Partial<Record<F, string>> = {};
    for (const [field, message] of Object.entries(found) as [F, string | null][])
      if (message) fields[field] = message;
    const any = Object.keys(fields).length > 0;
    setProblems((p) => ({ fields, general: null, shown: any ? p.shown + 1 : p.shown }));
    return any;
  }, []);

  const clear = useCallback((field?: F) => {
    setProblems((p) => {
      if (field === undefined)
        return Object.keys(p.fields).length === 0 && p.general === null
          ? p
          : { fields: {}, general: null, shown: p.shown };
      if (!(field in p.fields)) return p;
      const fields = { ...p.fields };
      delete fields[field];
      return { ...p, fields };
    });
  }, []);

  return useMemo(
    () => ({
      inputId,
      props: (field: F, also?: string | null) => {
        const invalid = problems.fields[field] !== undefined;
        const describedBy = [invalid ? `${inputId(field)}-error` : null, also ?? null]
          .filter((id): id is string => id !== null)
          .join(' ');
        return {
          id: inputId(field),
          'aria-invalid': invalid ? (true as const) : undefined,
          'aria-describedby': describedBy === '' ? undefined : describedBy,
        };
      },
      message: (field: F) => problems.fields[field] ?? null,
      fail,
      show,
      clear,
      problems,
      labels,
      base,
      summaryRef,
    }),
    [inputId, problems, fail, show, clear, labels, base],
  );
}

/** The sentence under a field, the one its input's aria-describedby names. */
export function FieldError<F extends string>({ form, field }: { form: FieldErrors<F>; field: F }) {
  const message = form.message(field);
  if (!message) return null;
  return (
    <p id={`${form.inputId(field)}-error`} className="field-error" role="alert">
      <span className="field-error-mark" aria-hidden="true">
        ✕{' '}
      </span>
      {message}
    </p>
  );
}

/**
 * The short summary on top of a form: the fields to fix, each a link that moves the focus to its
 * input, or the refusal itself when it is about no field. It takes the focus when it appears.
 */
export function ErrorSummary<F extends string>({
  form,
  children,
}: {
  form: FieldErrors<F>;
  children?: ReactNode;
}) {
  const t = useT();
  const fields = (Object.keys(form.problems.fields) as F[]).filter(
    (f) => form.problems.fields[f] !== undefined,
  );
  const general = form.problems.general;
  if (fields.length === 0 && general === null) return null;
  const titleId = `${form.base}-summary-title`;
  return (
    <div
      className="error-summary"
      // A refusal about no field is announced here; one at a field is announced there (its
      // sentence is an alert), and this summary, focused, names the fields to go to.
      role={general !== null ? 'alert' : 'group'}
      aria-labelledby={titleId}
      tabIndex={-1}
      ref={form.summaryRef}
    >
      <p id={titleId} className="error-summary-title">
        {fields.length === 0
          ? t('errors.summary.none')
          : t('errors.summary.fields', { count: fields.length })}
      </p>
      {general !== null ? <p className="error-summary-general">{general}</p> : null}
      {fields.length > 0 ? (
        <ul>
          {fields.map((field) => (
            <li key={field}>
              <a
                href={`#${form.inputId(field)}`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(form.inputId(field))?.focus();
                }}
              >
                {form.labels[field]}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {children}
    </div>
  );
}

/** Why a primary button cannot be pressed yet, beside it (the button's aria-describedby names it). */
export function DisabledReason({ id, reason }: { id: string; reason: string | null }) {
  if (reason === null) return null;
  return (
    <span id={id} className="disabled-reason">
      {reason}
    </span>
  );
}
