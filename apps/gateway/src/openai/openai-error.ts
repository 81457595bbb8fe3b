import { STATUS_CODES } from 'node:http';

/** OpenAI's error object, as its API and the `openai` client read it. */
export interface OpenAiError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** The error type and code OpenAI gives each status. */
function kindOf(status: number): Pick<OpenAiError, 'type' | 'code'> {
  if (status === 401) return { type: 'invalid_request_error', code: 'invalid_api_key' };
  if (status === 429) return { type: 'requests', code: 'rate_limit_exceeded' };
  if (status >= 500) return { type: 'server_error', code: STATUS_CODES[status]?.toLowerCase().replace(/ /g, '_') ?? null };
  return { type: 'invalid_request_error', code: null };
}

/** `{"error": {message, type, param, code}}` for an HTTP status. */
export function openAiErrorBody(status: number, message: string, param: string | null = null, code?: string): { error: OpenAiError } {
  const kind = kindOf(status);
  return { error: { message, type: kind.type, param, code: code ?? kind.code } };
}

/** Whether a request is for the OpenAI-compatible API, whose errors take OpenAI's shape. */
export function isOpenAiRoute(request: { path: string }): boolean {
  return request.path === '/v1' || request.path.startsWith('/v1/');
}
