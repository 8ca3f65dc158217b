import { describe, expect, it } from "vitest";
import { CoderClient, CoderResponseError } from "../../src/client/index.js";

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
