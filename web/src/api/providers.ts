// AI providers: which ones this studio can call, and the variable that configures each.

import { request } from "./client";
import type { ProviderStatus } from "./types";

export async function fetchProviders(): Promise<ProviderStatus[]> {
  return (await request<{ providers: ProviderStatus[] }>("providers")).providers;
}
