import { setMaxListeners } from 'node:events';

/** One AbortController for every request of a job; each request listens to it, so no listener cap. */
function sharedAbort(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

export { sharedAbort };
