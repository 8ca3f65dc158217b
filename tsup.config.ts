import { defineConfig } from "tsup";

// One multi-entry build so shared code lands in shared chunks instead of being copied per entry.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    models: "src/models.ts",
    // Not published as subpaths: separate entries make the client and the tools land in separate
    // chunks, so a bundler (with our sideEffects: false) drops every tool from a script that only
    // imports the client. test/package/bundle.test.ts checks it.
    "internal/client": "src/client/index.ts",
    "internal/tools": "src/tools/index.ts",
    "testing/index": "src/testing/index.ts",
    "mcp/index": "src/adapters/mcp/index.ts",
    "ai-sdk/index": "src/adapters/ai-sdk/index.ts",
    "router/index": "src/adapters/router/index.ts",
    "proxy/index": "src/proxy/index.ts",
    // The `coder-toolsdk` bin (package.json "bin"); not an import path.
    cli: "src/cli/bin.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: "node22",
  platform: "node",
  outDir: "dist",
});
