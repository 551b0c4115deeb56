// Renderer entry: sandboxed, no Node; everything goes through api.ts.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { prefetchInventory } from './inventory-window.js';
import './styles.css';

// The home list's first rows are asked for before React's first render, so main answers while
// the page builds itself.
prefetchInventory();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
