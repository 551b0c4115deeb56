// Copy and save buttons shared by the screens. A copy asks main first (the Electron window is
// refused clipboard permission, so main writes with Electron's clipboard); the browser shell's main
// cannot reach the page's clipboard and says so (`written: false`), and the page then writes the
// same text with navigator.clipboard, still inside the click's user activation. If that is refused
// too, the text is selected for Ctrl+C. One component, so both shells behave the same.
import { useState } from 'react';
import { call, errorMessage } from '../api.js';
import { useT } from '../i18n/index.js';

export async function copyText(text: string): Promise<void> {
  const { written } = await call('clipboard.write', { text });
  if (!written) await navigator.clipboard.writeText(text);
}

export function CopyButton({
  text,
  label,
  children,
}: {
  text: string;
  /** What is copied, for the accessible name: "Copy {label}". */
  label: string;
  /** The button's text: "Copy" when not given. */
  children?: string;
}) {
  const t = useT();
  const [note, setNote] = useState<string | null>(null);
  async function copy() {
    try {
      await copyText(text);
      setNote(t('home.copied'));
    } catch (e) {
      setNote(t('home.notCopied', { error: errorMessage(e) }));
    }
  }
  return (
    <>
      <button type="button" onClick={() => void copy()} aria-label={t('home.copyLabel', { label })}>
        {children ?? t('home.copy')}
      </button>
      {note ? (
        <span role="status" className="hint">
          {note}
        </span>
      ) : null}
    </>
  );
}
