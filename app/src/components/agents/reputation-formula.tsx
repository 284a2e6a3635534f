/**
 * The reputation formula in a sentence or two, as sdk/src/reputation.ts computes it for the indexer and the app.
 */
export function ReputationFormula() {
  return (
    <p className="muted small" data-testid="reputation-formula">
      <strong>How the score works.</strong> Each paid job adds log₂(1 + payment in tokens), so value counts but many
      jobs beat one large one; each dispute lost subtracts three times that for its job, and each slash subtracts twice
      log₂(1 + tokens taken). Every item halves in weight every 30 days, so recent conduct counts most. Computed by the
      indexer from contract events alone (see the Reputation section of indexer/README.md).
    </p>
  );
}

/** A score as people read it: two decimals, "0" for nothing. */
export function formatScore(score: number): string {
  if (score === 0) return "0";
  return score.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
