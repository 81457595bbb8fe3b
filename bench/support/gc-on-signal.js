'use strict';
// Preloaded (`node --expose-gc -r`) into the gateway of the memory figure only. On SIGUSR2 it collects
// garbage and writes process.memoryUsage() to BENCH_MEMORY_FILE, so that RSS is read after a full GC
// and the heap can be told apart from the rest. The gateway itself offers no such hook.
const { renameSync, writeFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
  global.gc?.();
  global.gc?.();
  const file = process.env.BENCH_MEMORY_FILE;
  writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
  renameSync(`${file}.tmp`, file);
});
