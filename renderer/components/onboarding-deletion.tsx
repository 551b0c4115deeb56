// Deleting an onboarding from the home list, undoably: a confirmation where the identifier is typed,
// then "deleted" with Undo; "Recently deleted" lists what waits there, with Restore and Purge
// (typed again: its vault keys are then removed for good). Main does the work and audits it
// (electron/services/inventory/deletion.ts); a refusal shows at the typed field.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import type { OnboardingSummaryView } from '../../shared/ipc-contract.js';
import { call, errorMessage } from '../api.js';
import { useT } from '../i18n/index.js';
import { ErrorNote } from './common.js';
import { DisabledReason, ErrorSummary, FieldError, useFieldErrors } from './field-errors.js';

export interface DeletionTarget {
  id: string;
  identifier: string;
}

/** A destructive action confirmed by typing the onboarding's identifier. */
function TypedConfirm(props: {
  title: string;
  target: DeletionTarget;
  sentence: string;
  action: string;
  run(confirm: string): Promise<void>;
  onCancel(): void;
}) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const confirmLabel = t('home.delete.confirmLabel', { identifier: props.target.identifier });
  const errors = useFieldErrors({ confirm: confirmLabel });
  const reasonId = useId();
  const matches = typed.trim() === props.target.identifier;
  async function submit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      await props.run(typed);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="confirm-bar typed-confirm"
      role="alertdialog"
      aria-label={props.title}
      onSubmit={submit}
    >
      <ErrorSummary form={errors} />
      <p>{props.sentence}</p>
      <label>
        {confirmLabel}{' '}
        <input
          value={typed}
          autoFocus
          autoComplete="off"
          onChange={(e) => {
            setTyped(e.target.value);
            errors.clear('confirm');
          }}
          {...errors.props('confirm')}
        />
      </label>
      <FieldError form={errors} field="confirm" />
      <button
        type="submit"
        className="danger"
        disabled={!matches || busy}
        aria-describedby={!matches ? reasonId : undefined}
      >
        {props.action}
      </button>
      <button type="button" onClick={props.onCancel}>
        {t('home.cancel')}
      </button>
      <DisabledReason
        id={reasonId}
        reason={matches ? null : t('home.delete.reason', { identifier: props.target.identifier })}
      />
    </form>
  );
}

/**
 * The delete confirmation for `asked`, the note with Undo once deleted, and "Recently deleted".
 * `onChanged` tells the list to read the inventory again.
 */
export function OnboardingDeletion(props: {
  asked: DeletionTarget | null;
  onAskDone(): void;
  onChanged(): void;
}) {
  const { onChanged } = props;
  const t = useT();
  const intl = useIntl();
  const [deleted, setDeleted] = useState<OnboardingSummaryView[]>([]);
  const [note, setNote] = useState<{ text: string; undo?: DeletionTarget } | null>(null);
  const [purging, setPurging] = useState<DeletionTarget | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    let live = true;
    call('onboarding.listDeleted', {}).then(
      (list) => live && setDeleted(list),
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [revision]);

  const changed = useCallback(() => {
    setRevision((r) => r + 1);
    onChanged();
  }, [onChanged]);

  async function restore(target: DeletionTarget) {
    try {
      await call('onboarding.restoreDeleted', { id: target.id });
      setError(null);
      setNote({ text: t('home.restored', { identifier: target.identifier }) });
      changed();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <>
      {props.asked ? (
        <TypedConfirm
          key={`delete-${props.asked.id}`}
          title={t('home.delete.title')}
          target={props.asked}
          sentence={t('home.delete.sentence', { identifier: props.asked.identifier })}
          action={t('home.delete.action', { identifier: props.asked.identifier })}
          run={async (confirm) => {
            const target = props.asked!;
            await call('onboarding.delete', { id: target.id, confirm });
            setNote({
              text: t('home.delete.done', { identifier: target.identifier }),
              undo: target,
            });
            props.onAskDone();
            changed();
          }}
          onCancel={props.onAskDone}
        />
      ) : null}
      {purging ? (
        <TypedConfirm
          key={`purge-${purging.id}`}
          title={t('home.purge.title')}
          target={purging}
          sentence={t('home.purge.sentence', { identifier: purging.identifier })}
          action={t('home.purge.action', { identifier: purging.identifier })}
          run={async (confirm) => {
            const { purgedKeys } = await call('onboarding.purge', { id: purging.id, confirm });
            setNote({
              text: t('home.purge.done', { identifier: purging.identifier, count: purgedKeys }),
            });
            setPurging(null);
            changed();
          }}
          onCancel={() => setPurging(null)}
        />
      ) : null}
      {note ? (
        <p role="status" className="done-note">
          {note.text}{' '}
          {note.undo ? (
            <button type="button" className="link" onClick={() => void restore(note.undo!)}>
              {t('home.undo')}
            </button>
          ) : null}
        </p>
      ) : null}
      <ErrorNote message={error} />
      {deleted.length > 0 ? (
        <details className="recently-deleted">
          <summary>{t('home.recentlyDeleted', { count: deleted.length })}</summary>
          <table className="audit" aria-label={t('home.recentlyDeleted.table')}>
            <thead>
              <tr>
                <th scope="col">{t('home.recentlyDeleted.onboarding')}</th>
                <th scope="col">{t('home.recentlyDeleted.deleted')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('home.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deleted.map((o) => (
                <tr key={o.id}>
                  <td>{o.id}</td>
                  <td>
                    {o.deletedAt
                      ? intl.formatDate(o.deletedAt, { dateStyle: 'medium', timeStyle: 'short' })
                      : ''}
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() => void restore({ id: o.id, identifier: o.identifier })}
                      aria-label={t('home.restoreTitle', { identifier: o.identifier })}
                    >
                      {t('home.restore')}
                    </button>{' '}
                    <button
                      type="button"
                      className="danger"
                      onClick={() => setPurging({ id: o.id, identifier: o.identifier })}
                      aria-label={t('home.purge.ask', { identifier: o.identifier })}
                    >
                      {t('home.purge.askLabel')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </>
  );
}
