import { describe, expect, it } from "vitest";
import { CoderClient, CoderResponseError } from "../../src/client/index.js";
import { createFakeCoder } from "../../src/testing/index.js";

// Response-model behaviour that needs hand-made bodies: missing required fields, unknown fields and
// enum values from newer servers, and the swagger's array shape for versions-by-name.

function clientReturning(body: unknown): CoderClient {
  const fetchStub: typeof fetch = async () =>
    new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  return new CoderClient({
    url: "http://coder.test",
    token: "t0ken-for-tests",
    fetch: fetchStub,
    retry: false,
  });
}

const user = {
  id: "7d1f7a1c-0000-4000-8000-000000000001",
  username: "alice",
  email: "alice@example.com",
  created_at: "2025-01-01T00:00:00Z",
};

const version = {
  id: "7d1f7a1c-0000-4000-8000-000000000002",
  name: "v1",
  created_at: "2025-01-01T00:00:00Z",
  updated_at: "2025-01-01T00:00:00Z",
  job: {
    id: "7d1f7a1c-0000-4000-8000-000000000003",
    created_at: "2025-01-01T00:00:00Z",
    status: "succeeded",
  },
};

describe("response models", () => {
  it("fail with CoderResponseError naming the endpoint and the missing field", async () => {
    const { id: _omitted, ...withoutId } = user;
    const error = await clientReturning(withoutId)
      .users.me()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoderResponseError);
    const responseError = error as CoderResponseError;
    expect(responseError.fields).toEqual(["id"]);
    expect(responseError.message).toContain("GET http://coder.test/api/v2/users/me");
  });

  it("keep unknown fields and accept enum values from newer servers", async () => {
    const me = await clientReturning({ ...user, status: "hibernating", shiny_new_field: 42 }).users.me();
    expect(me.status).toBe("hibernating");
    expect((me as Record<string, unknown>).shiny_new_field).toBe(42);
  });

  it("accept the single object Coder sends for a version by name, and the swagger's array", async () => {
    expect((await clientReturning(version).templates.versionByName("t", "v1")).name).toBe("v1");
    expect((await clientReturning([version]).templates.versionByName("t", "v1")).id).toBe(version.id);
    await expect(clientReturning([]).templates.versionByName("t", "v1")).rejects.toBeInstanceOf(
      CoderResponseError,
    );
  });

  it("percent-encode path segments so a name cannot change the endpoint", async () => {
    let seen = "";
    const fetchStub: typeof fetch = async (input) => {
      seen = input instanceof Request ? input.url : String(input);
      return new Response(JSON.stringify(user), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    };
    const coder = new CoderClient({ url: "http://coder.test", token: "t0ken-for-tests", fetch: fetchStub });
    await coder.users.get("../workspaces?q=x");
    expect(seen).toBe("http://coder.test/api/v2/users/..%2Fworkspaces%3Fq%3Dx");
  });
});

// Go structs without json tags (codersdk.Preset, PresetParameter, TransitionStats) go over the wire
// under their Go field names, and Go's decoder matches keys case-insensitively; Coder's API
// reference shows them camel-cased. The fake serves the Go names, so these bodies come from faults.
describe("Go structs without json tags", () => {
  const setup = () => {
    const fake = createFakeCoder({ buildStepMs: 5 });
    const coder = new CoderClient({
      url: fake.url,
      token: fake.owner.token,
      fetch: fake.fetch,
      retry: false,
    });
    const template = fake.inspect.templates().find((t) => t.name === "docker")!;
    return { fake, coder, template };
  };

  it("decode presets with the API reference's camel-cased keys into the Go field names", async () => {
    const { fake, coder, template } = setup();
    const path = `/api/v2/templateversions/${template.active_version_id}/presets`;
    fake.faults.add({
      path,
      status: 200,
      body: [
        {
          id: "7d1f7a1c-0000-4000-8000-00000000000a",
          name: "small",
          parameters: [{ name: "cpu", value: "2" }],
          default: true,
          desiredPrebuildInstances: 3,
          description: "Two cores",
          icon: "/icon/small.svg",
          fromNewerCoder: "kept",
        },
        { ID: "7d1f7a1c-0000-4000-8000-00000000000b", NAME: "large", Parameters: null },
      ],
    });
    const presets = await coder.templates.presets(template.active_version_id);
    expect(presets).toEqual([
      {
        ID: "7d1f7a1c-0000-4000-8000-00000000000a",
        Name: "small",
        Parameters: [{ Name: "cpu", Value: "2" }],
        Default: true,
        DesiredPrebuildInstances: 3,
        Description: "Two cores",
        Icon: "/icon/small.svg",
        fromNewerCoder: "kept",
      },
      { ID: "7d1f7a1c-0000-4000-8000-00000000000b", Name: "large", Parameters: [] },
    ]);
    await fake.close();
  });

  it("prefer the exact Go name over a case variant, in either order, as encoding/json does", async () => {
    const { fake, coder, template } = setup();
    const path = `/api/v2/templateversions/${template.active_version_id}/presets`;
    fake.faults.add({
      path,
      status: 200,
      body: [
        { id: "variant-first", ID: "exact", name: "a", Parameters: [] },
        { ID: "exact", id: "variant-last", Name: "b", Parameters: [] },
        // Only variants: the later one wins, as Go's decoder overwrites the field key by key.
        { id: "first", iD: "second", Name: "c", Parameters: [] },
      ],
    });
    const ids = (await coder.templates.presets(template.active_version_id)).map((p) => p.ID);
    expect(ids).toEqual(["exact", "exact", "second"]);
    await fake.close();
  });

  it("still name the missing field when no spelling of it is present", async () => {
    const { fake, coder, template } = setup();
    const path = `/api/v2/templateversions/${template.active_version_id}/presets`;
    fake.faults.add({ path, status: 200, body: [{ identifier: "x", name: "a" }] });
    const error = await coder.templates.presets(template.active_version_id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoderResponseError);
    expect((error as CoderResponseError).fields).toEqual(["0.ID"]);
    await fake.close();
  });

  it("decode build_time_stats with lower-case p50/p95 into P50/P95", async () => {
    const { fake, coder, template } = setup();
    const path = `/api/v2/templates/${template.id}`;
    const served = (await (
      await fake.fetch(path, { headers: { "Coder-Session-Token": fake.owner.token } })
    ).json()) as Record<string, unknown>;
    fake.faults.add({
      path,
      method: "GET",
      status: 200,
      body: {
        ...served,
        build_time_stats: { start: { p50: 1200, p95: 3400 }, stop: { P50: null, p95: null } },
      },
    });
    const got = await coder.templates.get(template.id);
    expect(got.build_time_stats).toEqual({ start: { P50: 1200, P95: 3400 }, stop: { P50: null, P95: null } });
    await fake.close();
  });
});
