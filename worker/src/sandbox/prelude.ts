/*
 * JavaScript that runs inside the VM before the agent, written out as source because it must be
 * evaluated by QuickJS, not by Node. It evaluates to one function and leaves no global behind.
 *
 * It does two things:
 * - replaces Math.random with xoshiro128** seeded by the host (QuickJS seeds its own from the
 *   clock), so a run is a function of (code, context, input, seed) alone; the Date intrinsic is
 *   not even created (see run-in-vm.ts), so the VM has no clock at all;
 * - builds the frozen `host` object handed to run(): the job input and thin wrappers around the
 *   native capabilities. The wrappers capture the built-ins they use before any agent code runs,
 *   so an agent that tampers with prototypes only confuses its own calls; the native side checks
 *   every argument again.
 */
export const PRELUDE_SOURCE = String.raw`(function prelude(native, inputJson, logSliceChars, seed0, seed1, seed2, seed3) {
  "use strict";
  let s0 = seed0 >>> 0, s1 = seed1 >>> 0, s2 = seed2 >>> 0, s3 = seed3 >>> 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const imul = Math.imul;
  const rotl = (x, k) => (x << k) | (x >>> (32 - k));
  const next = () => {
    const result = imul(rotl(imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
    return result;
  };
  Object.defineProperty(Math, "random", {
    value: function random() { return ((next() >>> 6) * 134217728 + (next() >>> 5)) / 9007199254740992; },
    writable: true, configurable: true, enumerable: false,
  });

  const freeze = Object.freeze, keys = Object.keys, isView = ArrayBuffer.isView;
  const call = Function.prototype.call;
  const sliceString = call.bind(String.prototype.slice);
  const sliceBuffer = call.bind(ArrayBuffer.prototype.slice);
  const viewBuffer = call.bind(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), "buffer").get);
  const viewOffset = call.bind(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), "byteOffset").get);
  const viewLength = call.bind(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), "byteLength").get);
  const dataViewBuffer = call.bind(Object.getOwnPropertyDescriptor(DataView.prototype, "buffer").get);
  const dataViewOffset = call.bind(Object.getOwnPropertyDescriptor(DataView.prototype, "byteOffset").get);
  const dataViewLength = call.bind(Object.getOwnPropertyDescriptor(DataView.prototype, "byteLength").get);
  const DataViewCtor = DataView;

  const deepFreeze = (value) => {
    if (value !== null && typeof value === "object") {
      freeze(value);
      for (const key of keys(value)) deepFreeze(value[key]);
    }
    return value;
  };
  const input = deepFreeze(JSON.parse(inputJson));

  const toTransferable = (data) => {
    if (typeof data === "string" || data instanceof ArrayBuffer) return data;
    if (isView(data)) {
      return data instanceof DataViewCtor
        ? sliceBuffer(dataViewBuffer(data), dataViewOffset(data), dataViewOffset(data) + dataViewLength(data))
        : sliceBuffer(viewBuffer(data), viewOffset(data), viewOffset(data) + viewLength(data));
    }
    throw new TypeError("writeOutput takes a string, an ArrayBuffer or a typed array");
  };

  return freeze({
    input,
    /** The decrypted context, decoded as UTF-8. */
    readContext: () => native.readContext(),
    /** The decrypted context as raw bytes. */
    readContextBytes: () => native.readContextBytes(),
    /** Appends to the job's output; strings are written as UTF-8. Returns the output's size so far. */
    writeOutput: (data) => native.writeOutput(toTransferable(data)),
    /** Draws units from the job's budget; returns what is left. */
    spend: (units) => native.spend(units),
    /** Declares the policy the agent applied (0x + 64 hex digits); the receipt records it. */
    declarePolicy: (hash) => native.declarePolicy(hash),
    /** A line for the operator: cut, masked, capped in number, never persisted. */
    log: (message) => native.log(sliceString(String(message), 0, logSliceChars)),
  });
})`;

/**
 * Pulls [name, message, isError, where] out of whatever the agent threw, inside the VM and under
 * the same meter (a getter that loops forever is stopped like any other loop). `where` is the
 * bundle position of the throw, taken from the stack: code, never data.
 */
export const DESCRIBE_ERROR_SOURCE = String.raw`(function describeError(error) {
  "use strict";
  const MESSAGE_SLICE_CHARS = 1024;
  try {
    if (error instanceof Error) {
      const where = /\((agent\.js:\d+:\d+)\)/.exec(String(error.stack));
      const message = String(error.message);
      const cut = message.length > MESSAGE_SLICE_CHARS ? message.slice(0, MESSAGE_SLICE_CHARS).replace(/\S*$/, "") : message;
      return [String(error.name), cut, true, where ? where[1] : ""];
    }
    return ["Error", "non-error value thrown: " + (error === null ? "null" : typeof error), false, ""];
  } catch (inner) {
    return ["Error", "error could not be described", false, ""];
  }
})`;
