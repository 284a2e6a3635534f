// The snarkjs typings the library adds (curves, the global curve) live in the sdk; importing the
// sdk's zk entry brings them into any program that imports this file.
export type { Bn128Curve } from "@leasehold/sdk/zk";
