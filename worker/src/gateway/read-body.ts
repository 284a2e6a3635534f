/**
 * Reading a request body under the gateway's limits, chunk by chunk as it arrives:
 *
 *  - at most `maxBytes` as sent (a larger Content-Length is refused before any byte is read);
 *  - Content-Encoding gzip, deflate or br is inflated as a stream, and refused as soon as the
 *    inflated size passes `maxBytes` or `maxRatio` times the compressed bytes received so far, so
 *    a decompression bomb costs at most one zlib chunk (16 KiB) of output past the limit; nothing
 *    is ever inflated whole first;
 *  - the request's deadline aborts the read.
 *
 * On a refusal the rest of the body is left unread: the error answer closes the connection
 * (create-gateway.ts), so it is never drained. Only the body's bytes are returned; nothing here
 * logs or keeps them.
 */
import type { Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate, type Gunzip } from "node:zlib";
import { GatewayHttpError } from "./http-error.ts";

export type ReadBodyParameters = {
  source: Readable;
  contentEncoding: string | undefined;
  contentLength: string | undefined;
  maxBytes: number;
  maxRatio: number;
  /** Aborts with the request's deadline. */
  signal: AbortSignal;
};

type Inflater = Gunzip | ReturnType<typeof createInflate> | ReturnType<typeof createBrotliDecompress>;

export function readBody({
  source,
  contentEncoding,
  contentLength,
  maxBytes,
  maxRatio,
  signal,
}: ReadBodyParameters): Promise<Buffer> {
  const inflater = inflaterFor(contentEncoding);
  if (contentLength !== undefined && /^\d+$/.test(contentLength) && Number(contentLength) > maxBytes) {
    inflater?.destroy();
    return Promise.reject(tooLarge(maxBytes));
  }

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let inflated = 0;
    let settled = false;

    const cleanup = () => {
      source.off("data", onData);
      source.off("end", onEnd);
      source.off("close", onClose);
      source.off("error", onSourceError);
      signal.removeEventListener("abort", onAbort);
    };
    const fail = (error: GatewayHttpError) => {
      if (settled) return;
      settled = true;
      cleanup();
      source.pause();
      inflater?.destroy();
      reject(error);
    };
    const succeed = () => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(Buffer.concat(chunks));
    };

    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) return fail(tooLarge(maxBytes));
      if (inflater === undefined) {
        chunks.push(chunk);
        return;
      }
      if (!inflater.write(chunk)) {
        source.pause();
        inflater.once("drain", () => {
          if (!settled) source.resume();
        });
      }
    };
    const onEnd = () => {
      if (inflater === undefined) succeed();
      else inflater.end();
    };
    const onClose = () => {
      if (!source.readableEnded) fail(new GatewayHttpError("malformed_body", "The request body was cut off"));
    };
    const onSourceError = (error: Error) =>
      fail(new GatewayHttpError("malformed_body", "The request body could not be read", { cause: error }));
    const onAbort = () => fail(new GatewayHttpError("request_timeout", "The request took too long"));

    if (inflater !== undefined) {
      inflater.on("data", (chunk: Buffer) => {
        inflated += chunk.length;
        if (inflated > maxBytes) return fail(tooLarge(maxBytes));
        if (inflated > maxRatio * received) {
          return fail(
            new GatewayHttpError(
              "decompression_ratio_exceeded",
              `The body inflates more than ${maxRatio} times its compressed size`,
            ),
          );
        }
        chunks.push(chunk);
      });
      inflater.on("end", succeed);
      inflater.on("error", (error) =>
        fail(new GatewayHttpError("malformed_body", "The body does not decompress", { cause: error })),
      );
    }
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort);
    source.on("data", onData);
    source.on("end", onEnd);
    source.on("close", onClose);
    source.on("error", onSourceError);
  });
}

function inflaterFor(contentEncoding: string | undefined): Inflater | undefined {
  const encoding = (contentEncoding ?? "").trim().toLowerCase();
  switch (encoding) {
    case "":
    case "identity":
      return undefined;
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      throw new GatewayHttpError(
        "unsupported_encoding",
        "Content-Encoding must be one of gzip, deflate, br or identity (one encoding only)",
      );
  }
}

function tooLarge(maxBytes: number): GatewayHttpError {
  return new GatewayHttpError("body_too_large", `The body is larger than ${maxBytes} bytes`);
}
