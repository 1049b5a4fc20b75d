import { css } from 'lit';

/** Shared look: large enough for a projector, readable on a phone, colours that hold in grey. */
export const shared = css`
  :host { display: block; color: #1a1a1a; }
  h2 { font-size: 1.35rem; margin: 0 0 0.75rem; }
  h3 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; }
  p.note { color: #555; margin: 0.25rem 0 1rem; }
  p.note.warn, div.note.warn { color: #7f1d1d; border-left: 4px solid #b91c1c; padding-left: 0.5rem; }
  div.note.warn { margin: 0.25rem 0 1rem; }
  div.note.warn p { margin: 0 0 0.25rem; }
  a { color: #0b4f9c; }
  input[type='date'] { font: inherit; padding: 0.3rem 0.5rem; border: 1px solid #6b7280; border-radius: 6px; min-height: 2.5rem; box-sizing: border-box; }
  a:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
  button, select {
    font: inherit; padding: 0.4rem 0.75rem; border: 1px solid #6b7280; border-radius: 6px; background: #fff; color: #111;
    min-height: 2.5rem; cursor: pointer;
  }
  button.primary { background: #0b4f9c; border-color: #0b4f9c; color: #fff; }
  .state { padding: 1.5rem; border: 1px dashed #9ca3af; border-radius: 8px; color: #444; }
  .state.error { border-color: #b91c1c; color: #7f1d1d; background: #fef2f2; }
  .grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
  .card { border: 1px solid #d1d5db; border-radius: 10px; padding: 1rem; background: #fff; }
  .toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0 1rem; }
  .muted { color: #555; }
  .bad { color: #b91c1c; font-weight: 600; }
  .good { color: #166534; font-weight: 600; }
  .nowrap, .num { white-space: nowrap; }
  /* words in a number column ("chưa có dữ liệu" for a rank) wrap rather than widen the table past the screen */
  .wraps { white-space: normal; display: inline-block; min-width: 5.5rem; }
  h2 .asof { font-size: 0.95rem; font-weight: 400; color: #374151; }
  .frozen { display: inline-block; font-size: 0.85rem; font-weight: 700; color: #1e3a8a; background: #eff6ff; border: 1px solid #1d4ed8; border-radius: 999px; padding: 0.05rem 0.55rem; white-space: nowrap; vertical-align: middle; }
  .baseline { color: #7c2d12; background: #fff7ed; border-radius: 6px; padding: 0.25rem 0.5rem; }
  .star { color: #92400e; }
  .move-up { color: #166534; } .move-down { color: #b91c1c; }
  .own-mark { color: #92400e; font-weight: 700; white-space: nowrap; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
