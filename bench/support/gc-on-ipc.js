// Preloaded (`node --expose-gc -r`) into the gateways whose memory the bench reads. Asked over the IPC
// channel the bench opened, it collects garbage and answers with process.memoryUsage(), so that RSS
// is read after a full GC and the heap can be told apart from the rest. The gateway has no such hook,
// and a signal would not do: Nest's shutdown hooks claim SIGUSR2 along with SIGTERM and SIGINT.
process.on('message', (message) => {
  if (message !== 'bench:gc') return;
  global.gc?.();
  global.gc?.();
  process.send({ type: 'bench:memory', ...process.memoryUsage() });
});
