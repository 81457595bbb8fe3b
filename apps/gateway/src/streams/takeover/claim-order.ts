let claimsMade = 0;

/** A claim sorts after every claim made before it: the time first, then a counter, then a random part. */
export function newClaim(): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const count = (claimsMade++ % 36 ** 4).toString(36).padStart(4, '0');
  return `${time}.${count}.${Math.random().toString(36).slice(2, 10)}`;
}

/** Of two relays of one answer, on any gateways, the one with the newer claim relays it. */
export function isNewerClaim(claim: string, than: string): boolean {
  return claim > than;
}
