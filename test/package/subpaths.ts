/**
 * Each published subpath and the source file its build comes from (tsup.config.ts). The API report
 * and the README test use it; a test checks it against package.json `exports`.
 */
export const SUBPATHS: Readonly<Record<string, string>> = {
  "coder-toolsdk": "src/index.ts",
  "coder-toolsdk/models": "src/models.ts",
  "coder-toolsdk/testing": "src/testing/index.ts",
};
