/**
 * The overlay's stylesheet, injected by the content script into the shadow root. Every selector
 * is a `pf-` class so nothing can match outside our tree even if the sheet were put in the page.
 * Sizes are px because rem would follow the EMR page's root font size.
 */

const FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif';
/** Just under the 32-bit maximum so HIS pop-ups with "z-index: 99999" stay beneath us. */
const Z_TOP = 2147483000;

export const overlayStyles = `
.pf-layer, .pf-layer * { box-sizing: border-box; }
.pf-layer {
  position: absolute; top: 0; left: 0; width: 0; height: 0; overflow: visible;
  z-index: ${Z_TOP}; pointer-events: none;
  font-family: ${FONT}; font-size: 13px; line-height: 1.5; color: #202124;
  text-align: left; letter-spacing: normal; white-space: normal;
}
/* :where() keeps these resets at zero specificity so every .pf- class below wins over them. */
:where(.pf-layer) :where(button, input, select, textarea) {
  font-family: ${FONT}; font-size: 13px; line-height: 1.4; color: inherit; margin: 0;
}
:where(.pf-layer) button { cursor: pointer; }
.pf-layer button:disabled { cursor: not-allowed; opacity: 0.5; }
.pf-layer :focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }

.pf-sev-critical { --pf-sev: #d93026; --pf-sev-text: #b3261e; --pf-sev-bg: #fce8e6; }
.pf-sev-warning { --pf-sev: #e8a000; --pf-sev-text: #8a5a00; --pf-sev-bg: #fef7e0; }
.pf-sev-info { --pf-sev: #1a73e8; --pf-sev-text: #1a73e8; --pf-sev-bg: #e8f0fe; }

.pf-icon { display: inline-block; flex: none; width: 16px; height: 16px; vertical-align: -3px; overflow: visible; }
.pf-icon-shape { fill: var(--pf-sev); }
.pf-icon-mark { fill: none; stroke: #fff; stroke-width: 1.9; stroke-linecap: round; }
.pf-sev-tag {
  display: inline-flex; align-items: center; gap: 3px; flex: none; white-space: nowrap;
  font-weight: 700; font-size: 12px; color: var(--pf-sev-text);
}
.pf-field, .pf-place, .pf-row-label {
  display: inline-block; padding: 0 5px; border: 1px solid #dadce0; border-radius: 3px;
  font-size: 12px; color: #3c4043; background: #f8f9fa; white-space: nowrap;
}
.pf-row-label { margin-right: 6px; font-weight: 400; }
.pf-highlight {
  position: absolute; pointer-events: none; border: 2px solid #1a73e8; border-radius: 4px;
  box-shadow: 0 0 0 3px rgba(26, 115, 232, 0.35);
}
.pf-kind {
  display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px;
  background: var(--pf-sev-bg); color: var(--pf-sev-text); white-space: nowrap;
}

/* Status badge */
.pf-badge {
  position: fixed; pointer-events: auto; white-space: nowrap;
  display: flex; align-items: center; gap: 6px; max-width: 460px;
  padding: 4px 10px; border: 1px solid #dadce0; border-radius: 14px;
  background: #fff; box-shadow: 0 1px 4px rgba(60, 64, 67, 0.25);
  font-size: 12px; color: #3c4043;
}
.pf-badge:hover { background: #f8f9fa; }
.pf-corner-bottom-right { right: 16px; bottom: 16px; }
.pf-corner-bottom-left { left: 16px; bottom: 16px; }
.pf-corner-top-right { right: 16px; top: 16px; }
.pf-corner-top-left { left: 16px; top: 16px; }
.pf-badge-name { font-weight: 700; color: #202124; }
.pf-badge-version { color: #80868b; }
.pf-badge-dot { width: 8px; height: 8px; border-radius: 4px; background: #9aa0a6; flex: none; }
.pf-badge-checked .pf-badge-dot { background: #188038; }
.pf-badge-checked.pf-sev-critical .pf-badge-dot,
.pf-badge-checked.pf-sev-warning .pf-badge-dot,
.pf-badge-checked.pf-sev-info .pf-badge-dot { background: var(--pf-sev); }
.pf-badge-checked.pf-sev-critical .pf-badge-state,
.pf-badge-checked.pf-sev-warning .pf-badge-state { color: var(--pf-sev-text); font-weight: 700; }
.pf-badge-checking .pf-badge-dot { background: #1a73e8; animation: pf-pulse 1s ease-in-out infinite; }
.pf-badge-incomplete { border-color: #e8a000; background: #fffbf0; }
.pf-badge-incomplete .pf-badge-dot { background: #e8a000; }
.pf-badge-incomplete .pf-badge-state { color: #8a5a00; }
.pf-badge-adapter-broken { border-color: #9aa0a6; background: #f1f3f4; }
.pf-badge-adapter-broken .pf-badge-state { color: #5f6368; }
.pf-badge-stopped { border-color: #9aa0a6; background: #f1f3f4; }
.pf-badge-stopped .pf-badge-dot { background: #9aa0a6; }
.pf-badge-stopped .pf-badge-state { color: #5f6368; }
.pf-badge-silent { padding: 2px 6px; gap: 4px; opacity: 0.6; font-size: 11px; border-color: #e0e0e0; box-shadow: none; }
.pf-badge-silent .pf-badge-name { font-weight: 400; color: #80868b; }
.pf-badge-counts { color: #5f6368; }
.pf-badge-pack-expired { border-color: #e8a000; }
.pf-badge-expired { padding: 0 6px; border-radius: 3px; background: #fef7e0; color: #8a5a00; font-weight: 700; }
@keyframes pf-pulse { 50% { opacity: 0.3; } }

/* Row marker */
.pf-marker {
  position: absolute; pointer-events: auto; display: inline-flex; align-items: center; gap: 3px;
  height: 18px; padding: 0 5px 0 2px; border: 1px solid var(--pf-sev); border-radius: 4px;
  background: #fff; color: var(--pf-sev-text); font-size: 11px; font-weight: 700; line-height: 1;
  box-shadow: 0 1px 2px rgba(60, 64, 67, 0.2); white-space: nowrap;
}
.pf-marker .pf-icon { width: 13px; height: 13px; }
.pf-marker .pf-sev-tag { font-size: 11px; gap: 2px; }
.pf-marker-count {
  min-width: 14px; padding: 0 3px; border-radius: 7px; background: var(--pf-sev); color: #fff; text-align: center; line-height: 14px;
}
.pf-marker-open { background: var(--pf-sev-bg); }
/* A row with no gutter beside it: a frame whose edges alone take the pointer. */
.pf-marker.pf-marker-outline { padding: 0; border: 0; border-radius: 0; background: transparent; box-shadow: none; pointer-events: none; }
.pf-marker-outline .pf-edge { position: absolute; pointer-events: auto; background: var(--pf-sev); opacity: 0.85; }
.pf-marker-outline .pf-edge-top, .pf-marker-outline .pf-edge-bottom { left: 0; right: 0; height: 3px; }
.pf-marker-outline .pf-edge-top { top: 0; }
.pf-marker-outline .pf-edge-bottom { bottom: 0; }
.pf-marker-outline .pf-edge-left, .pf-marker-outline .pf-edge-right { top: 0; bottom: 0; width: 3px; }
.pf-marker-outline .pf-edge-left { left: 0; }
.pf-marker-outline .pf-edge-right { right: 0; }
.pf-marker-outline.pf-marker-open .pf-edge, .pf-marker-outline:focus-visible .pf-edge { opacity: 1; }
.pf-marker-outline:focus-visible { outline: 2px solid var(--pf-sev); outline-offset: 1px; }

/* Popover and panel share the finding card */
.pf-popover {
  position: absolute; pointer-events: auto; width: 340px; max-height: 420px; overflow-y: auto; overscroll-behavior: contain;
  padding: 8px 10px; border: 1px solid #dadce0; border-radius: 6px; background: #fff;
  box-shadow: 0 4px 12px rgba(60, 64, 67, 0.3);
}
.pf-popover-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; margin-bottom: 4px; }
.pf-popover-title { font-weight: 700; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pf-report { color: #5f6368; }
.pf-report-form { display: inline-flex; gap: 4px; align-items: center; }
.pf-report-form input { width: 150px; padding: 1px 5px; border: 1px solid #dadce0; border-radius: 4px; font-size: 12px; }
.pf-report-sent { font-size: 12px; color: #188038; }
.pf-close {
  border: none; background: none; padding: 0 4px; font-size: 16px; line-height: 1; color: #5f6368;
}
.pf-finding { padding: 6px 0 6px 8px; border-left: 3px solid var(--pf-sev); margin: 4px 0; }
.pf-finding + .pf-finding { border-top: 1px solid #f1f3f4; }
.pf-finding-head { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.pf-finding-message { margin: 2px 0; color: #202124; word-break: break-word; }
.pf-finding-meta { font-size: 12px; color: #5f6368; word-break: break-word; }
.pf-finding-amount { font-size: 12px; color: var(--pf-sev-text); font-weight: 700; }
.pf-finding-detail { margin: 2px 0; font-size: 12px; color: #5f6368; white-space: pre-wrap; word-break: break-word; }
.pf-link { border: none; background: none; padding: 0; color: #1a73e8; font-size: 12px; }
.pf-actions { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 6px; margin-top: 4px; }
.pf-action {
  padding: 2px 8px; border: 1px solid #1a73e8; border-radius: 4px; background: #fff; color: #1a73e8; font-size: 12px;
}
.pf-action:hover { background: #e8f0fe; }
.pf-action-hint { font-size: 12px; color: #5f6368; }
.pf-fix-note { margin: 6px 0 0; padding: 4px 6px; border-left: 3px solid #e37400; background: #fef7e0; color: #5f3b00; font-size: 12px; line-height: 1.4; }
.pf-dismiss { white-space: nowrap; }
.pf-actions .pf-spacer { flex: 1; }

.pf-panel {
  position: fixed; right: 16px; bottom: 52px; pointer-events: auto;
  width: 380px; max-height: 60vh; display: flex; flex-direction: column;
  border: 1px solid #dadce0; border-radius: 8px; background: #fff;
  box-shadow: 0 4px 16px rgba(60, 64, 67, 0.3);
}
.pf-panel-head {
  display: flex; align-items: center; justify-content: space-between;
  padding: 8px 12px; border-bottom: 1px solid #e8eaed; font-weight: 700;
}
.pf-panel-tools { flex: none; white-space: nowrap; }
.pf-panel-body { overflow-y: auto; overscroll-behavior: contain; padding: 4px 12px 8px; }
.pf-panel-notice { padding: 12px 0; color: #8a5a00; }
.pf-panel-empty { padding: 16px 0; text-align: center; color: #188038; }
.pf-group { margin: 6px 0; }
.pf-group-name { font-weight: 700; color: #3c4043; margin-bottom: 2px; }
.pf-panel-item {
  display: flex; align-items: flex-start; gap: 6px; width: 100%; padding: 4px 6px;
  border: none; border-radius: 4px; background: none; text-align: left;
}
.pf-panel-item:hover { background: #f1f3f4; }
.pf-panel-item-text { flex: 1; min-width: 0; word-break: break-word; }
.pf-panel-item-text .pf-field { margin-left: 4px; }

/* Review dialog */
.pf-backdrop {
  position: fixed; top: 0; left: 0; right: 0; bottom: 0; pointer-events: auto;
  display: flex; align-items: center; justify-content: center; background: rgba(32, 33, 36, 0.45);
}
.pf-dialog {
  width: 1120px; max-width: calc(100vw - 16px); max-height: calc(100vh - 16px);
  display: flex; flex-direction: column; border-radius: 8px; background: #fff;
  box-shadow: 0 8px 28px rgba(32, 33, 36, 0.4);
}
.pf-dialog-head { padding: 8px 14px 6px; border-bottom: 1px solid #e8eaed; }
.pf-dialog-title { margin: 0; font-size: 15px; font-weight: 700; }
.pf-dialog-intro { margin: 2px 0 0; color: #5f6368; font-size: 12px; display: flex; gap: 12px; flex-wrap: wrap; }
.pf-dialog-keys { color: #80868b; }
.pf-dialog-body { flex: 1 1 auto; min-height: 0; overflow-y: auto; overscroll-behavior: contain; padding: 2px 14px 6px; }
.pf-dialog-foot {
  display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; padding: 8px 14px; border-top: 1px solid #e8eaed;
}
.pf-dialog-total { font-weight: 700; color: #b3261e; white-space: nowrap; }
.pf-dialog-pending { font-size: 12px; color: #8a5a00; }
.pf-spacer { flex: 1; }
.pf-review-group {
  display: grid; grid-template-columns: 104px minmax(0, 1fr); column-gap: 8px;
  padding: 2px 0; border-top: 1px solid #f1f3f4;
}
.pf-review-row { display: flex; flex-direction: column; align-items: flex-start; gap: 2px; padding-top: 4px; font-size: 12px; line-height: 16px; color: #3c4043; min-width: 0; }
.pf-review-row .pf-row-label { margin: 0; font-weight: 700; }
.pf-row-name { font-weight: 700; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; word-break: break-all; }
.pf-review-item {
  display: grid; grid-template-columns: minmax(0, 1fr) auto; column-gap: 10px; align-items: start;
  padding: 3px 4px 3px 8px; border-left: 3px solid var(--pf-sev); margin: 2px 0; border-radius: 0 4px 4px 0; outline: none;
}
.pf-review-item > .pf-reasons, .pf-review-item > .pf-review-answered { grid-column: 1 / -1; }
.pf-review-item:focus, .pf-review-item:focus-within { background: #f1f6fe; }
.pf-review-item:focus { box-shadow: inset 0 0 0 2px #1a73e8; }
.pf-review-line { min-width: 0; line-height: 20px; }
.pf-review-line .pf-sev-tag, .pf-review-line .pf-kind, .pf-review-line .pf-field { margin-right: 4px; vertical-align: 1px; }
.pf-review-message { word-break: break-word; }
.pf-review-side { display: flex; flex-direction: column; align-items: flex-end; gap: 1px; max-width: 480px; min-width: 0; }
.pf-review-actions { display: flex; flex-wrap: wrap; justify-content: flex-end; align-items: center; gap: 4px 6px; min-height: 22px; max-width: 100%; white-space: nowrap; }
.pf-review-actions .pf-action { flex: none; padding: 0 8px; line-height: 20px; max-width: 150px; overflow: hidden; text-overflow: ellipsis; }
.pf-review-actions .pf-report, .pf-review-actions .pf-report-form, .pf-review-actions .pf-report-sent { flex: none; }
.pf-review-sub { display: flex; gap: 8px; align-items: baseline; justify-content: flex-end; width: 0; min-width: 100%; font-size: 11px; line-height: 15px; color: #5f6368; white-space: nowrap; }
.pf-review-sub .pf-finding-amount { flex: none; font-size: 12px; }
.pf-review-sub .pf-action-hint { flex: none; font-size: 11px; }
.pf-review-basis { flex: 0 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.pf-choices { display: inline-flex; gap: 4px; flex: none; }
.pf-action-chosen { background: #1a73e8 !important; color: #fff !important; }
.pf-choice-button { padding: 0 10px; line-height: 20px; border: 1px solid #dadce0; border-radius: 4px; background: #fff; color: #3c4043; font-size: 12px; }
.pf-choice-selected { border-color: #1a73e8 !important; background: #e8f0fe !important; color: #1a73e8 !important; font-weight: 700; }
.pf-review-resolved { border-left-color: #188038; opacity: 0.75; }
.pf-review-resolved .pf-review-message { text-decoration: line-through; color: #5f6368; }
.pf-review-done, .pf-review-answered { flex: none; font-size: 12px; color: #188038; }
.pf-review-answered { display: flex; gap: 8px; align-items: baseline; padding-left: 2px; }
.pf-review-bulk { color: #5f6368; }
.pf-reasons { margin: 4px 0 2px; padding: 4px 8px; border: 1px solid #e8eaed; border-radius: 4px; }
.pf-reasons legend { font-size: 12px; color: #5f6368; padding: 0 4px; }
.pf-reason-options { display: flex; flex-wrap: wrap; gap: 2px 12px; }
.pf-reasons label { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; font-size: 12px; }
.pf-reasons input[type="text"] {
  width: 100%; margin-top: 3px; padding: 2px 6px; border: 1px solid #dadce0; border-radius: 4px;
}
.pf-reason-missing { font-size: 12px; color: #b3261e; }
.pf-bulk { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; margin: 4px 0 2px; font-size: 12px; color: #5f6368; }
.pf-bulk select { padding: 1px 4px; border: 1px solid #dadce0; border-radius: 4px; font-size: 12px; }
.pf-button-small { padding: 1px 10px; }
.pf-button {
  flex: none; white-space: nowrap; padding: 5px 14px; border: 1px solid #dadce0; border-radius: 4px; background: #fff; color: #1a73e8;
}
.pf-button-primary { border-color: #1a73e8; background: #1a73e8; color: #fff; }
.pf-lang { border: none; background: none; padding: 0 4px; color: #1a73e8; font-size: 12px; }
`;
