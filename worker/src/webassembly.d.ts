/*
 * The part of the WebAssembly JS API the worker uses. TypeScript only declares WebAssembly in
 * its DOM library, which a Node package should not pull in, and @types/node 22 leaves it out.
 */
declare global {
  namespace WebAssembly {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Module {}
    interface MemoryDescriptor {
      initial: number;
      maximum?: number;
      shared?: boolean;
    }
    interface Memory {
      readonly buffer: ArrayBuffer;
      grow(deltaPages: number): number;
    }
    // eslint-disable-next-line no-var
    var Memory: { prototype: Memory; new (descriptor: MemoryDescriptor): Memory };
    function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
  }
}

/** Imported (type-only) by the modules that use WebAssembly, so the declarations travel with them. */
export type WasmMemory = WebAssembly.Memory;
