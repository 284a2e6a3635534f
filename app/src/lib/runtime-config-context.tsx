"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { ClientConfig } from "./client-config";

const RuntimeConfigContext = createContext<ClientConfig | null>(null);

export function RuntimeConfigProvider({ config, children }: { config: ClientConfig; children: ReactNode }) {
  return <RuntimeConfigContext.Provider value={config}>{children}</RuntimeConfigContext.Provider>;
}

/** The chain, RPC URL and deployment record the server read for this request. */
export function useRuntimeConfig(): ClientConfig {
  const value = useContext(RuntimeConfigContext);
  if (!value) throw new Error("useRuntimeConfig must be used inside <RuntimeConfigProvider>");
  return value;
}
