import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TIMEOUT_MS = 60_000;

/**
 * The broker's own memory in bytes (erlang:memory(total)), read after a garbage collection of every
 * Erlang process so that readings compare; undefined where rabbitmqctl cannot reach the broker (it
 * needs the broker's Erlang cookie: root, or the rabbitmq user).
 */
async function brokerMemory(): Promise<number | undefined> {
  try {
    const { stdout } = await run('rabbitmqctl', ['eval', '[erlang:garbage_collect(P) || P <- erlang:processes()], erlang:memory(total).'], {
      timeout: TIMEOUT_MS,
    });
    const bytes = Number(stdout.trim());
    return Number.isFinite(bytes) ? bytes : undefined;
  } catch {
    return undefined;
  }
}

export { brokerMemory };
