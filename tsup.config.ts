import { defineConfig } from "tsup";

// One multi-entry build so shared code lands in shared chunks instead of being copied per entry.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    models: "src/models.ts",
    "testing/index": "src/testing/index.ts",
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
