/**
 * The `identity-proof` command (./identity-proof/identity-proof-command.ts): prints the identity
 * key's proof for an operator as one line of JSON on stdout; errors go to stderr with exit code 1
 * (2 for a bad command line).
 */
import { identityProofCommand, IdentityProofUsageError } from "./identity-proof/index.ts";

identityProofCommand({ args: process.argv.slice(2), env: process.env }).then(
  (line) => {
    process.stdout.write(`${line}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof IdentityProofUsageError ? 2 : 1);
  },
);
