// The tester's "identity from the vault": a search-as-you-type combobox over main's onboarding
// query, limited to onboardings whose identity has its client certificate. The page holds one
// short window of matches, never the inventory, so it answers as fast at 10,000 onboardings as
// at 10. Keyboard: type to search, Up/Down to move, Enter to choose, Escape to close.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { OnboardingQueryResult, OnboardingSummaryView } from '../../shared/ipc-contract.js';
import { call, errorMessage } from '../api.js';
import { Msg, useT, type Translate } from '../i18n/index.js';

/** Matches shown at once: enough to pick from, few enough to read; more typing narrows them. */
const PICKER_ROWS = 20;

interface Answer {
  search: string;
  result: OnboardingQueryResult;
}

/**
 * The matches for the latest search text. One request at a time: while one is out, typing only
 * changes what is asked next. The first answer's snapshot is reused, so keystrokes filter the
 * summaries main already took instead of taking them again.
 */
function useMatches(search: string): { answer: Answer | null; error: string | null } {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const wanted = useRef(search);
  const asking = useRef(false);
  const snapshot = useRef<string | undefined>(undefined);

  useEffect(() => {
    wanted.current = search;
    if (asking.current) return;
    const ask = (text: string) => {
      asking.current = true;
      const trimmed = text.trim();
      call('onboardings.query', {
        search: trimmed === '' ? undefined : trimmed,
        withClientCertificate: true,
        offset: 0,
        limit: PICKER_ROWS,
        snapshot: snapshot.current,
      })
        .then(
          (result) => {
            snapshot.current = result.snapshot;
            setAnswer({ search: text, result });
            setError(null);
          },
          (e) => setError(errorMessage(e)),
        )
        .finally(() => {
          asking.current = false;
          if (wanted.current !== text) ask(wanted.current);
        });
    };
    ask(search);
  }, [search]);
  return { answer, error };
}

function onboardingLabel(
  o: Pick<OnboardingSummaryView, 'program' | 'identifier' | 'environment'>,
): string {
  return `${o.program} / ${o.identifier} / ${o.environment}`;
}

function matchesNote(answer: Answer | null, search: string, t: Translate): string {
  if (answer === null) return t('tester.picker.searching');
  const { matched, rows } = answer.result;
  const text = search.trim();
  if (matched === 0)
    return text === '' ? t('tester.picker.noneYet') : t('tester.picker.noMatch', { text });
  if (matched > rows.length) return t('tester.picker.first', { rows: rows.length, matched });
  return t('tester.picker.count', { matched });
}

export function OnboardingPicker({
  chosen,
  onChoose,
}: {
  chosen: OnboardingSummaryView | null;
  onChoose: (o: OnboardingSummaryView | null) => void;
}) {
  const t = useT();
  const [text, setText] = useState(chosen?.identifier ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const { answer, error } = useMatches(text);
  const rows = answer?.result.rows ?? [];
  const base = useId();
  const listId = `${base}-list`;
  const noteId = `${base}-note`;
  const optionId = (index: number) => `${base}-option-${index}`;

  // New matches: the first one is ready for Enter (the list autocompletes with automatic
  // selection), unless the user has moved with the arrows since typing: an answer to an earlier
  // keystroke can land after an arrow key, and must not pull the choice back.
  const movedTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    const next = answer?.result.rows ?? [];
    const kept = next.findIndex((row) => row.id === movedTo.current);
    setActive(kept >= 0 ? kept : next.length > 0 ? 0 : -1);
  }, [answer]);
  useEffect(() => {
    if (open && active >= 0)
      document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [open, active]);

  const expanded = open && rows.length > 0;

  function choose(row: OnboardingSummaryView) {
    onChoose(row);
    setText(row.identifier);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const next = Math.min(Math.max(active + step, 0), rows.length - 1);
      movedTo.current = rows[next]?.id;
      setActive(next);
    } else if (event.key === 'Enter' && expanded && active >= 0 && rows[active]) {
      event.preventDefault();
      choose(rows[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  }

  return (
    <div className="picker">
      <label>
        {t('tester.picker.label')}
        <input
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-describedby={noteId}
          value={text}
          maxLength={128}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('tester.picker.placeholder')}
          onChange={(e) => {
            setText(e.target.value);
            movedTo.current = undefined;
            setOpen(true);
            if (chosen && e.target.value !== chosen.identifier) onChoose(null);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
      </label>
      <ul
        id={listId}
        role="listbox"
        aria-label={t('tester.picker.list')}
        className="picker-list"
        hidden={!expanded}
      >
        {rows.map((row, index) => (
          <li
            key={row.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={row.id === chosen?.id ? 'chosen' : undefined}
            // Keeps the focus in the box, so the click lands before the list closes on blur.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(row)}
          >
            {row.program} / <strong>{row.identifier}</strong> / {row.environment}
          </li>
        ))}
      </ul>
      <p id={noteId} className={error ? 'error-note' : 'hint'} role="status">
        {error ?? matchesNote(answer, text, t)}
      </p>
      {chosen ? (
        <p className="picker-chosen">
          <Msg
            id="tester.picker.using"
            values={{ onboarding: <strong>{onboardingLabel(chosen)}</strong> }}
          />
        </p>
      ) : null}
    </div>
  );
}
