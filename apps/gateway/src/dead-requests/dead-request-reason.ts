/** The broker's record of why a message was dead-lettered, most recent first. */
interface DeathRecord {
  reason?: string;
}

/** The readable reason a stream shows for a request the broker dead-lettered. */
export function deadRequestReason(headers: Record<string, unknown> | undefined): string {
  const reason = (headers?.['x-death'] as DeathRecord[] | undefined)?.[0]?.reason;
  if (reason === 'expired') return 'No worker available: nobody took the request in time';
  if (reason === 'rejected') return 'The worker could not process the request';
  return 'The request was dropped before any worker answered it';
}
