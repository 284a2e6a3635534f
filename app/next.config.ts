import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The sdk ships TypeScript sources; Next compiles them with the app.
  transpilePackages: ["@leasehold/sdk"],
  reactStrictMode: true,
  poweredByHeader: false,
  // The deployment record, chain and indexer are runtime configuration (read per request on the
  // server), so one build serves every deployment; see src/lib/runtime-config.ts.
};

export default nextConfig;
