/**
 * The relayer's configuration, from command-line flags or environment variables (a flag wins),
 * validated with zod before anything starts; a bad value is one RelayerConfigError naming the
 * setting. The private key comes from the environment only, never a flag (flags show in `ps`).
 *
 *   flag                     variable                              default
 *   --rpc-url                LEASEHOLD_RELAYER_RPC_URL             required
 *   --chain-id               LEASEHOLD_RELAYER_CHAIN_ID            required
 *   --deployment-file        LEASEHOLD_RELAYER_DEPLOYMENT_FILE     required (sdk deployment record)
 *   --data-dir               LEASEHOLD_RELAYER_DATA_DIR            required (the withdrawal journal)
 *                            LEASEHOLD_RELAYER_KEY                 required (32-byte hex)
 *   --host, --port           LEASEHOLD_RELAYER_HOST, _PORT         127.0.0.1, 8790
 *   --allowed-origins        LEASEHOLD_RELAYER_ALLOWED_ORIGINS     none (comma-separated, or *)
 *   --body-limit-bytes       LEASEHOLD_RELAYER_BODY_LIMIT_BYTES    8192
 *   --rate-limit-per-minute  LEASEHOLD_RELAYER_RATE_LIMIT_PER_MINUTE  60 (per client IP)
 *   --max-in-flight          LEASEHOLD_RELAYER_MAX_IN_FLIGHT       4 (transactions sent, not yet mined)
 *   --poll-interval-ms       LEASEHOLD_RELAYER_POLL_INTERVAL_MS    2000 (pending withdrawals)
 *   --receipt-timeout-ms     LEASEHOLD_RELAYER_RECEIPT_TIMEOUT_MS  60000
 *   --accept-unpaid          LEASEHOLD_RELAYER_ACCEPT_UNPAID       false
 *   --fee-margin-bps         LEASEHOLD_RELAYER_FEE_MARGIN_BPS      1000 (10 % over the gas estimate)
 *   --min-withdrawal-fee     LEASEHOLD_RELAYER_MIN_WITHDRAWAL_FEE  0 (stake-token units)
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { LeaseholdError } from "@leasehold/sdk";
import type { Hex } from "viem";
import { z } from "zod";

export class RelayerConfigError extends LeaseholdError {
  readonly retryable = false;
}

const uint = z.string().regex(/^(0|[1-9]\d{0,77})$/, "a decimal integer string");
const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

const settings = {
  rpcUrl: z.url({ protocol: /^https?$/ }),
  chainId: integer(1, Number.MAX_SAFE_INTEGER),
  deploymentFile: z.string().min(1),
  dataDir: z.string().min(1),
  host: z.string().min(1).default("127.0.0.1"),
  port: integer(0, 65_535).default(8790),
  allowedOrigins: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((origin) => origin.trim().replace(/\/+$/, ""))
        .filter((origin) => origin !== ""),
    )
    .pipe(z.array(z.union([z.literal("*"), z.url({ protocol: /^https?$/ })]))),
  bodyLimitBytes: integer(1_024, 1_048_576).default(8_192),
  rateLimitPerMinute: integer(1, 100_000).default(60),
  maxInFlight: integer(1, 256).default(4),
  pollIntervalMs: integer(50, 600_000).default(2_000),
  receiptTimeoutMs: integer(1_000, 600_000).default(60_000),
  acceptUnpaid: flag.default(false),
  feeMarginBps: integer(0, 100_000).default(1_000),
  minWithdrawalFee: uint.default("0"),
  /** Wei of accrued endorsement refunds above which the relayer claims them (claimRelayFees). */
  claimRefundsAbove: uint.default("10000000000000000"),
} as const;

type SettingName = keyof typeof settings;
const schema = z.strictObject(settings);

export type RelayerConfig = Omit<z.output<typeof schema>, "minWithdrawalFee" | "claimRefundsAbove"> & {
  privateKey: Hex;
  minWithdrawalFee: bigint;
  claimRefundsAbove: bigint;
};

/** kebab-case flag and LEASEHOLD_RELAYER_SNAKE_CASE variable of each setting. */
function names(setting: SettingName): { flag: string; env: string } {
  const words = setting.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  return { flag: words, env: `LEASEHOLD_RELAYER_${words.replaceAll("-", "_").toUpperCase()}` };
}

/** Reads and validates the configuration; relative paths are resolved against `cwd`. */
export function readRelayerConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  cwd = process.cwd(),
): RelayerConfig {
  const options = Object.fromEntries(
    (Object.keys(settings) as SettingName[]).map((setting) => [names(setting).flag, { type: "string" as const }]),
  );
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (cause) {
    throw new RelayerConfigError(`Relayer config: ${(cause as Error).message}`, { cause });
  }
  const raw: Record<string, unknown> = {};
  for (const setting of Object.keys(settings) as SettingName[]) {
    const { flag: flagName, env: envName } = names(setting);
    const value = flags[flagName] ?? env[envName];
    if (value !== undefined && value !== "") raw[setting] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const setting = issue.path[0] as SettingName | undefined;
    const where = setting === undefined ? "(root)" : `--${names(setting).flag} / ${names(setting).env}`;
    throw new RelayerConfigError(`Relayer config: ${where}: ${issue.message}`, { cause: parsed.error });
  }
  const key = z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/)
    .safeParse(env["LEASEHOLD_RELAYER_KEY"]);
  if (!key.success) throw new RelayerConfigError("Relayer config: LEASEHOLD_RELAYER_KEY must hold a 32-byte hex key");
  const config = parsed.data;
  return {
    ...config,
    deploymentFile: path.resolve(cwd, config.deploymentFile),
    dataDir: path.resolve(cwd, config.dataDir),
    privateKey: key.data as Hex,
    minWithdrawalFee: BigInt(config.minWithdrawalFee),
    claimRefundsAbove: BigInt(config.claimRefundsAbove),
  };
}
