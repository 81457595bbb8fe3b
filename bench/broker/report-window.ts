import type { JobControl, WindowReports } from '../client/job-control';

/** Tells the parent when a fixed measuring window opens and closes, so it can meter CPU meanwhile. */
function reportWindow(control: JobControl<WindowReports>, warmupMs: number, measureMs: number): void {
  setTimeout(() => control.report('window-open'), warmupMs);
  setTimeout(() => control.report('window-closed'), warmupMs + measureMs);
}

export { reportWindow };
