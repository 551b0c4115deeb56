// Renderer entry: sandboxed, no Node; everything goes through api.ts.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startAnswer } from './api.js';
import { App } from './app.js';
import { setPreferences } from './preferences.js';
import { settleStartCalls } from './start-calls.js';
import './styles.css';

/**
 * How long the first render waits for the start calls' answers (sent by start.js before this
 * module loaded, usually here by now): past it, the app shows "Opening…" and takes them as they come.
 */
const START_WAIT_MS = 500;

void settleStartCalls(START_WAIT_MS).then(() => {
  // The theme and language kept in Settings, before the first render (no flash of the other ones).
  const settings = startAnswer('settings.get', {});
  if (settings) setPreferences({ theme: settings.theme, language: settings.language });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App settingsRead={settings !== undefined} />
    </StrictMode>,
  );
});
