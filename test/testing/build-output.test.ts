import { afterEach, describe, expect, it } from "vitest";
import { createFakeCoder, type FakeCoder, type ProvisionerJobLog } from "../../src/testing/index.js";
import { apiClient } from "./helpers.js";

describe("fake coder: buildOutput on a template version", () => {
  let fake: FakeCoder;
  afterEach(() => fake.close());

  it("makes every start build write those lines while applying, and stop builds not", async () => {
    fake = createFakeCoder({ buildStepMs: 5 });
    const output = ["Step 1/3 : FROM ubuntu", 'Step 2/3 : RUN echo "hi"', "Step 3/3 : done"];
    fake.seed.template({ name: "chatty", buildOutput: output });
    const running = fake.seed.workspace({ owner: "admin", template: "chatty", name: "up" });
    const stopped = fake.seed.workspace({
      owner: "admin",
      template: "chatty",
      name: "down",
      state: "stopped",
    });
    const api = apiClient(fake.fetch, "", fake.owner.token);

    const start = (
      await api<ProvisionerJobLog[]>("GET", `/api/v2/workspacebuilds/${running.latest_build.id}/logs`)
    ).body;
    const at = start.findIndex((l) => l.output === output[0]);
    expect(start.slice(at, at + 3).map((l) => [l.output, l.log_source, l.stage])).toEqual(
      output.map((line) => [line, "provisioner", "Starting workspace"]),
    );
    const stop = (
      await api<ProvisionerJobLog[]>("GET", `/api/v2/workspacebuilds/${stopped.latest_build.id}/logs`)
    ).body;
    expect(stop.map((l) => l.output)).not.toContain(output[0]);
  });
});
