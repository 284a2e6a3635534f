import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The sdk ships TypeScript sources; Next compiles them with the app.
  transpilePackages: ["@leasehold/sdk"],
  // Only pull the sdk modules a page uses (its barrel also re-exports Node-only helpers' neighbours).
  experimental: { optimizePackageImports: ["@leasehold/sdk"] },
  reactStrictMode: true,
  poweredByHeader: false,
  // The deployment record, chain and indexer are runtime configuration (read per request on the
  // server), so one build serves every deployment; see src/lib/runtime-config.ts.
};

export default nextConfig;
