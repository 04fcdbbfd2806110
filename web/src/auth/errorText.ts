// A failed request as the account pages say it.

import { ApiError, isNetworkError } from "../api/client";

/** What a failed request tells the user: the server's own words, or what to do when it cannot be reached. */
export function errorText(error: unknown): string {
  if (isNetworkError(error)) return "The studio cannot be reached; check your connection and try again.";
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
