/**
 * The picker's stylesheet, for its own shadow root. Classes are `pk-` so the picker never matches
 * the overlay's `pf-` rules or the page's; sizes are px so the EMR's root font size cannot scale us.
 */

const FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif';
/** Above the page's pop-ups and just above Preflight's own overlay (which sits at 2147483000). */
const Z = 2147483100;

export const pickerStyles = `
.pk-root, .pk-root * { box-sizing: border-box; }
.pk-root { font-family: ${FONT}; font-size: 12px; line-height: 1.45; color: #202124; text-align: left; letter-spacing: normal; }
:where(.pk-root) :where(button, input, select, textarea) { font: inherit; color: inherit; margin: 0; }
:where(.pk-root) button { cursor: pointer; }
.pk-root :focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }

.pk-catcher { position: fixed; inset: 0; z-index: ${Z}; cursor: crosshair; background: transparent; }
.pk-boxes { position: fixed; inset: 0; z-index: ${Z + 1}; pointer-events: none; }
.pk-box { position: fixed; border: 2px solid #188038; border-radius: 2px; background: rgba(24, 128, 56, 0.06); }
.pk-box.pk-broken { border-color: #d93026; border-style: dashed; background: rgba(217, 48, 38, 0.06); }
/* Top right: values are mostly left-aligned, so the label hides least of them there. */
.pk-box-label { position: absolute; top: -14px; right: -2px; padding: 0 3px; font-size: 10px; line-height: 12px; opacity: 0.85; color: #fff; background: #188038; border-radius: 2px 2px 0 0; white-space: nowrap; }
.pk-broken .pk-box-label { background: #d93026; }
.pk-hover { position: fixed; border: 2px solid #1a73e8; background: rgba(26, 115, 232, 0.12); }
.pk-hover.pk-refused { border-color: #d93026; background: rgba(217, 48, 38, 0.1); }
.pk-hover-label { position: absolute; left: -2px; top: 100%; margin-top: 2px; max-width: 420px; padding: 2px 6px; font-size: 12px; color: #fff; background: #1a73e8; border-radius: 2px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.pk-refused .pk-hover-label { background: #d93026; }

.pk-panel {
  position: fixed; top: 8px; bottom: 8px; width: 380px; z-index: ${Z + 2};
  display: flex; flex-direction: column; background: #fff; border: 1px solid #c4c7c5; border-radius: 6px;
  box-shadow: 0 4px 18px rgba(0, 0, 0, 0.22); overflow: hidden;
}
.pk-dock-right { right: 8px; }
.pk-dock-left { left: 8px; }
.pk-head { display: flex; align-items: center; gap: 6px; padding: 7px 10px; background: #1a73e8; color: #fff; }
.pk-title { font-size: 13px; font-weight: 600; flex: 1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.pk-head button { background: transparent; border: 1px solid rgba(255,255,255,0.6); color: #fff; border-radius: 3px; padding: 1px 6px; }
.pk-hint { padding: 6px 10px; background: #e8f0fe; color: #174ea6; border-bottom: 1px solid #d2e3fc; }
.pk-hint.pk-armed { background: #fef7e0; color: #7a4f00; border-bottom-color: #f9e2a7; }
.pk-notice { padding: 4px 10px; border-bottom: 1px solid #eee; word-break: break-all; }
.pk-notice.pk-ok { color: #137333; }
.pk-notice.pk-error { color: #b3261e; }
.pk-scroll { flex: 1; overflow-y: auto; }
.pk-bottom { flex: none; max-height: 42%; overflow-y: auto; border-top: 2px solid #d2e3fc; background: #fafbfc; }
.pk-bottom .pk-section { border-bottom: none; }
.pk-group { border-bottom: 1px solid #eee; }
.pk-group-title { padding: 5px 10px 2px; font-weight: 600; color: #5f6368; }
.pk-field { padding: 3px 10px 4px; border-left: 3px solid transparent; }
.pk-field.pk-on { background: #fef7e0; border-left-color: #e8a000; }
.pk-field.pk-broken { background: #fce8e6; border-left-color: #d93026; }
.pk-field-line { display: flex; align-items: center; gap: 6px; }
.pk-dot { width: 8px; height: 8px; border-radius: 50%; background: #dadce0; flex: none; }
.pk-dot.pk-set { background: #188038; }
.pk-dot.pk-bad { background: #d93026; }
.pk-name { flex: none; min-width: 84px; }
.pk-opt { color: #80868b; font-size: 11px; }
.pk-value { flex: 1; min-width: 0; color: #137333; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.pk-value.pk-err { color: #b3261e; }
.pk-btn { border: 1px solid #c4c7c5; background: #fff; border-radius: 3px; padding: 0 7px; line-height: 20px; }
.pk-btn:hover { background: #f1f3f4; }
.pk-btn.pk-primary { background: #1a73e8; border-color: #1a73e8; color: #fff; }
.pk-btn.pk-primary:disabled { opacity: 0.6; }
.pk-btn.pk-armed-btn { background: #e8a000; border-color: #e8a000; color: #fff; }
.pk-x { border: none; background: transparent; color: #80868b; padding: 0 3px; }
.pk-sub { margin: 1px 0 0 14px; color: #5f6368; font-size: 11px; font-family: Consolas, monospace; word-break: break-all; }
.pk-extra { margin: 2px 0 0 14px; display: flex; gap: 4px; align-items: center; flex-wrap: wrap; }
.pk-extra select { max-width: 200px; font-size: 11px; }
.pk-badge { font-size: 11px; padding: 0 4px; border-radius: 2px; background: #d93026; color: #fff; }

.pk-section { padding: 6px 10px; border-bottom: 1px solid #eee; }
.pk-section h3 { margin: 0 0 4px; font-size: 12px; color: #5f6368; }
.pk-kv { margin: 0; }
.pk-kv span { display: inline-block; margin-right: 10px; }
.pk-lines { width: 100%; border-collapse: collapse; font-size: 11px; margin-top: 4px; }
.pk-lines th, .pk-lines td { border: 1px solid #e0e0e0; padding: 1px 3px; text-align: left; white-space: nowrap; max-width: 110px; overflow: hidden; text-overflow: ellipsis; }
.pk-lines th { background: #f1f3f4; font-weight: normal; color: #5f6368; }
.pk-problems { margin: 4px 0 0; padding-left: 16px; }
.pk-problems li.pk-error { color: #b3261e; }
.pk-problems li.pk-warning { color: #8a5a00; }
.pk-muted { color: #80868b; }

.pk-form label { display: block; margin-top: 4px; color: #5f6368; }
.pk-form input, .pk-form textarea { width: 100%; border: 1px solid #c4c7c5; border-radius: 3px; padding: 2px 4px; font-family: Consolas, monospace; font-size: 11px; }
.pk-form textarea { resize: vertical; min-height: 34px; }
.pk-actions { display: flex; gap: 6px; align-items: center; margin-top: 6px; }
.pk-issues { margin: 4px 0 0; padding-left: 16px; color: #b3261e; }
.pk-issues code { font-family: Consolas, monospace; }
.pk-saved { color: #137333; }
.pk-json { width: 100%; height: 120px; font-family: Consolas, monospace; font-size: 10px; }
`;
