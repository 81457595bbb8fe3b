import { readFileSync } from 'node:fs';

/** The soft open-file limit a running process actually has. */
export function openFileLimit(pid: number): number {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((row) => row.startsWith('Max open files'));
  const soft = line?.trim().split(/\s+/)[3];
  return soft === 'unlimited' ? Infinity : Number(soft);
}
