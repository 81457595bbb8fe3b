/** The name of the module-level handler config that says which queue the requests handler consumes. */
export const REQUESTS_HANDLER = 'requests';
