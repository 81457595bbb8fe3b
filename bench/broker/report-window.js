'use strict';

/** Tells the parent when a fixed measuring window opens and closes, so it can meter CPU meanwhile. */
function reportWindow(control, warmupMs, measureMs) {
  setTimeout(() => control.report('window-open'), warmupMs);
  setTimeout(() => control.report('window-closed'), warmupMs + measureMs);
}

module.exports = { reportWindow };
