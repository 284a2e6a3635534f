// One TypeScript linter for every package. Type-aware rules stay off so lint runs in seconds;
// `npm run typecheck` covers types.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "contracts/artifacts/**",
      "contracts/cache/**",
      "sdk/src/generated/**",
      "indexer/.ponder/**",
      "indexer/generated/**",
      "indexer/ponder-env.d.ts",
      "app/.next/**",
      "app/next-env.d.ts",
      ".devnet/**",
      "test-results/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      // The sdk points at its ambient declaration of the untyped `macaroon` package by path, so
      // workspaces compiling the sdk's sources pick it up too.
      "@typescript-eslint/triple-slash-reference": ["error", { path: "always", types: "prefer-import", lib: "always" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
