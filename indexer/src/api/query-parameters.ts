/**
 * Validating the query strings of the REST endpoints, apart from the database so it can be unit
 * tested: zod schemas that reject unknown fields, answered with 400 through one error class.
 */
import { InvalidInputError } from "@leasehold/sdk";
import { isAddress, type Hex } from "viem";
import { z } from "zod";
import { agentStatus, disputePhase, jobStatus } from "../../ponder.schema.ts";

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

/** The request is malformed: answered with 400. */
export class ApiParameterError extends InvalidInputError {}

const integerText = (name: string) =>
  z
    .string()
    .regex(/^\d{1,30}$/, `${name} must be a non-negative integer`)
    .transform((value) => BigInt(value));

const page = {
  limit: z
    .string()
    .regex(/^\d+$/, "limit must be an integer")
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PAGE_LIMIT))
    .default(DEFAULT_PAGE_LIMIT),
  offset: z
    .string()
    .regex(/^\d+$/, "offset must be an integer")
    .transform(Number)
    .pipe(z.number().int().min(0))
    .default(0),
};

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), "not an address")
  .transform((value) => value.toLowerCase() as Hex);

export const pageSchema = z.strictObject(page);
export type PageParameters = z.output<typeof pageSchema>;

export const agentIdSchema = integerText("agent id");
export const addressSchema = address;

export const getDisputesSchema = z.strictObject({
  ...page,
  /** Disputes where this arbitrator holds a seat in any round. */
  arbitrator: address.optional(),
  phase: z.enum(disputePhase.enumValues).optional(),
  agent: integerText("agent").optional(),
  client: address.optional(),
  operator: address.optional(),
});
export type GetDisputesParameters = z.output<typeof getDisputesSchema>;

export const getJobsSchema = z.strictObject({
  ...page,
  status: z.enum(jobStatus.enumValues).optional(),
  agent: integerText("agent").optional(),
  lease: integerText("lease").optional(),
  client: address.optional(),
  /** The accepting agent's operator (unset until a job is accepted). */
  operator: address.optional(),
});
export type GetJobsParameters = z.output<typeof getJobsSchema>;

/** A lease's standing at the latest indexed block: live, expired (never revoked) or revoked. */
export const leaseStanding = ["live", "expired", "revoked"] as const;
export type LeaseStanding = (typeof leaseStanding)[number];

export const getLeasesSchema = z.strictObject({
  ...page,
  status: z.enum(leaseStanding).optional(),
  agent: integerText("agent").optional(),
  owner: address.optional(),
});
export type GetLeasesParameters = z.output<typeof getLeasesSchema>;

export const getAgentsSchema = z.strictObject({
  ...page,
  status: z.enum(agentStatus.enumValues).optional(),
  operator: address.optional(),
});
export type GetAgentsParameters = z.output<typeof getAgentsSchema>;

export const getSolvencySchema = z
  .strictObject({
    ...page,
    /** Block timestamps (seconds), inclusive. */
    from: integerText("from").optional(),
    to: integerText("to").optional(),
  })
  .refine(({ from, to }) => from === undefined || to === undefined || from <= to, "from must not be after to");
export type GetSolvencyParameters = z.output<typeof getSolvencySchema>;

export const DEFAULT_ENDORSEMENT_EPOCHS = 7;
export const MAX_ENDORSEMENT_EPOCHS = 366;

export const getAgentEndorsementsSchema = z.strictObject({
  /** How many epochs, up to and including the current one. */
  epochs: z
    .string()
    .regex(/^\d+$/, "epochs must be an integer")
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_ENDORSEMENT_EPOCHS))
    .default(DEFAULT_ENDORSEMENT_EPOCHS),
});
export type GetAgentEndorsementsParameters = z.output<typeof getAgentEndorsementsSchema>;

/** Parse `input` with `schema`, or throw ApiParameterError naming every problem. */
export function parseParameters<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
  );
  throw new ApiParameterError(problems.join("; "), { cause: result.error });
}
