/** Request bodies larger than this are refused with 413 before any validation. */
export const MAX_BODY_BYTES = 100 * 1024;
