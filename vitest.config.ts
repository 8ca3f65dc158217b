import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The suite starts loopback servers and child processes; two workers match the CI machine.
    maxWorkers: 2,
  },
});
