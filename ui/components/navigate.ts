import type { State } from '../state.ts';

/**
 * Links are real hrefs (open in a new tab, copy, keyboard) and, on a plain click, move the
 * app without reloading: the app listens for this event and updates the URL.
 */
export function navigate(e: Event, to: Partial<State>): void {
  const m = e as MouseEvent;
  if (m.ctrlKey || m.metaKey || m.shiftKey || m.button === 1) return;
  e.preventDefault();
  e.target?.dispatchEvent(new CustomEvent('cds-navigate', { detail: to, bubbles: true, composed: true }));
}

/** The href of a view with the current period kept. */
export function stateView(to: Partial<State>): string {
  const p = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(to)) {
    if (v === null || v === undefined) p.delete(k);
    else p.set(k, String(v));
  }
  if (!('page' in to)) p.delete('page');
  if (!('reason' in to)) p.delete('reason');
  return `?${p.toString()}`;
}
