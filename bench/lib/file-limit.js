'use strict';
const { readFileSync } = require('node:fs');

/**
 * Runs a command with its open-file limit raised to the hard limit (10,000 streams need 10,000
 * sockets in the gateway and as many in the client). Node cannot raise its own limit, a shell can.
 */
function withRaisedFileLimit(command, args) {
  return ['/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', command, ...args]];
}

/** The soft open-file limit a running process actually has. */
function openFileLimit(pid) {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((row) => row.startsWith('Max open files'));
  const soft = line?.trim().split(/\s+/)[3];
  return soft === 'unlimited' ? Infinity : Number(soft);
}

module.exports = { withRaisedFileLimit, openFileLimit };
