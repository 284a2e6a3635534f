"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { WagmiProvider } from "wagmi";
import type { ClientConfig } from "@/lib/client-config";
import { IndexingProvider } from "@/lib/indexing";
import { RuntimeConfigProvider } from "@/lib/runtime-config-context";
import { createWagmiConfig } from "@/lib/wagmi-config";

export function Providers({ config, children }: { config: ClientConfig; children: ReactNode }) {
  // Created once per page load from the configuration the server read for this request.
  const [wagmiConfig] = useState(() => createWagmiConfig(config));
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: true, retry: 1 } } }),
  );
  return (
    <RuntimeConfigProvider config={config}>
      <WagmiProvider config={wagmiConfig}>
        <QueryClientProvider client={queryClient}>
          <IndexingProvider>{children}</IndexingProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </RuntimeConfigProvider>
  );
}
