/** Request bodies larger than this are refused with 413 before any validation. */
export const MAX_BODY_BYTES = 100 * 1024;

/** multer's limits for a message's multipart form: a few text fields, no files. */
export const MULTIPART_LIMITS = { fieldSize: MAX_BODY_BYTES, fields: 16, parts: 16, files: 0 };
