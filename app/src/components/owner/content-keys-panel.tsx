"use client";
import { useState } from "react";
import type { Address } from "viem";
import { exportContentKeys, importContentKeys } from "@/lib/content-keys";
import { shortHex } from "@/lib/format";
import { useRuntimeConfig } from "@/lib/runtime-config-context";
import type { ContentKeysState } from "./use-content-keys";

/**
 * The content keys held in this browser, said plainly: where they are, what losing them means,
 * and a backup file to export or restore.
 */
export function ContentKeysPanel({
  account,
  keys,
  leasedContentIds,
}: {
  account: Address;
  keys: ContentKeysState;
  leasedContentIds: ReadonlySet<string>;
}) {
  const { chainId } = useRuntimeConfig();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const download = () => {
    const blob = new Blob([exportContentKeys(chainId, account, keys.keys)], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = `leasehold-content-keys-${chainId}-${account.slice(0, 8)}.json`;
    link.click();
    URL.revokeObjectURL(url);
  };

  const restore = async (file: File | undefined) => {
    if (!file) return;
    try {
      const added = await importContentKeys(await file.text(), chainId, account);
      await keys.refresh();
      setMessage({ ok: true, text: `Restored ${added} key${added === 1 ? "" : "s"} from ${file.name}.` });
    } catch (error) {
      setMessage({ ok: false, text: (error as Error).message });
    }
  };

  return (
    <section className="card card--wide" aria-labelledby="keys-heading" data-testid="content-keys">
      <div className="card__head">
        <h2 id="keys-heading">Content keys in this browser</h2>
        <span className="pill pill--warn">secret</span>
      </div>
      <p className="muted">
        Each key opens one context and every output of the jobs run on it. They are stored only in this browser
        (IndexedDB, for this site); clearing site data or switching browsers loses them, and then no new job can be
        given the context and no output opened. Export a backup and keep it as safe as the data itself.
      </p>
      {keys.keys.length === 0 ? (
        <p className="muted" data-testid="content-keys-empty">
          {keys.loading ? "Loading…" : "No keys yet: granting a lease creates one."}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="content-keys-table">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Content id</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {keys.keys.map((record) => (
                <tr key={record.contentId}>
                  <th scope="row">{record.label}</th>
                  <td className="mono" title={record.contentId}>
                    {shortHex(record.contentId, 10, 6)}
                  </td>
                  <td className="num">{record.bytes.toLocaleString("en-US")} B</td>
                  <td className="nowrap">{new Date(record.createdAt).toLocaleString("en-GB")}</td>
                  <td>
                    {!leasedContentIds.has(record.contentId.toLowerCase())
                      ? "not leased"
                      : record.uploaded
                        ? "leased, with the worker"
                        : "leased, not uploaded"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button button--small"
          onClick={download}
          disabled={keys.keys.length === 0}
          data-testid="content-keys-export"
        >
          Export a backup
        </button>
        <label className="button button--ghost button--small">
          Restore from a backup
          <input
            type="file"
            accept="application/json,.json"
            className="sr-only"
            onChange={(event) => void restore(event.target.files?.[0])}
            data-testid="content-keys-import"
          />
        </label>
      </div>
      {message ? (
        <p className={message.ok ? "notice notice--success" : "notice notice--error"} role="status">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
