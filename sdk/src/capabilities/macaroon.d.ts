// Types for the npm package `macaroon` (go-macaroon/js-macaroon 3.x), which ships none. Only the
// surface this sdk uses is declared; see node_modules/macaroon/macaroon.js for the behaviour.
declare module "macaroon" {
  export type MacaroonCaveat = { identifier: Uint8Array; location?: string; vid?: Uint8Array };

  export interface Macaroon {
    readonly caveats: MacaroonCaveat[];
    readonly location: string;
    readonly identifier: Uint8Array;
    readonly signature: Uint8Array;
    addFirstPartyCaveat(condition: string | Uint8Array): void;
    addThirdPartyCaveat(rootKey: Uint8Array, caveatId: string | Uint8Array, location?: string): void;
    clone(): Macaroon;
    /** Throws when the signature chain or a caveat check fails. */
    verify(rootKey: Uint8Array | string, check: (condition: string) => string | null, discharges?: Macaroon[]): void;
    exportJSON(): Record<string, unknown>;
    /** @deprecated Doubles its buffer on every append in 3.x; use encodeMacaroonV2. */
    exportBinary(): Uint8Array;
  }

  export function newMacaroon(parameters: {
    identifier: string | Uint8Array;
    rootKey: string | Uint8Array;
    location?: string;
    version?: 1 | 2;
  }): Macaroon;
  export function importMacaroon(data: string | Uint8Array | Record<string, unknown>): Macaroon;
  export function importMacaroons(data: string | Uint8Array | unknown[] | Record<string, unknown>): Macaroon[];
  /** URL-safe, unpadded base64. */
  export function bytesToBase64(bytes: Uint8Array): string;
  /** Accepts standard or URL-safe base64, padded or not. */
  export function base64ToBytes(text: string): Uint8Array;
}
