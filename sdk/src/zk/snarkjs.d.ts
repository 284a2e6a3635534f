// What @types/snarkjs leaves out but the library and build use.
import "snarkjs";

export interface Bn128Curve {
  terminate(): Promise<void>;
}

declare module "snarkjs" {
  export namespace curves {
    function getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<Bn128Curve>;
  }
}

declare global {
  // ffjavascript keeps the multi-threaded curve here; its worker threads keep Node alive until terminated.
  var curve_bn128: Bn128Curve | null | undefined;
}
