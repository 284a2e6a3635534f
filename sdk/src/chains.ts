import { defineChain } from "viem";

/** The local development chain started by `npm start` (anvil). */
export const localChain = defineChain({
  id: 31337,
  name: "Leasehold Devnet",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: ["http://127.0.0.1:8545"] } },
  testnet: true,
});

export const LOCAL_CHAIN_ID = localChain.id;
