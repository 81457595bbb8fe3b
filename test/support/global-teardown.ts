interface Stoppable {
  stop(): Promise<unknown>;
}

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __rabbitContainer?: Stoppable }).__rabbitContainer?.stop();
}
