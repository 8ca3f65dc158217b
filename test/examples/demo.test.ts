import { describe, expect, it } from "vitest";
import { finished, runExample, startExample, waitForOutput } from "./run-example.js";

// examples/demo.ts, the README's "run it on the embedded demo deployment" command.

const env = (): NodeJS.ProcessEnv => {
  const copy: NodeJS.ProcessEnv = { ...process.env };
  delete copy.PORT;
  return copy;
};

describe("examples/demo.ts", () => {
  it("starts the fake deployment, runs list-and-follow against it and exits 0", async () => {
    const result = await runExample("demo.ts", [], env());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const out = result.stdout.trimEnd().split("\n");
    const url = /^Demo Coder deployment \(fake, in memory\): (http:\/\/127\.0\.0\.1:\d+)$/.exec(
      out[0] ?? "",
    )?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // Without --serve nobody needs the token, so it is not printed.
    expect(out[1]).toBe("(Add --serve to keep it running and point your own scripts at it.)");
    expect(result.stdout).not.toMatch(/[A-Za-z0-9]{10}-[A-Za-z0-9]{22}/);
    expect(result.stdout).toContain(`Workspaces of admin on ${url}:`);
    expect(result.stdout).toMatch(/^ {2}k8s-lab +stopped +kubernetes$/m);
    expect(result.stdout).toContain("Starting k8s-lab (build #");
    expect(result.stdout).toContain("[Planning infrastructure]");
    expect(out.at(-1)).toMatch(/^Build #\d+ of k8s-lab \(start\): succeeded$/);
  });

  it("with --serve keeps serving on PORT until SIGINT, then exits 0", async () => {
    const child = startExample("demo.ts", ["--serve"], { ...env(), PORT: "0" });
    const done = finished(child);
    const output = await waitForOutput(child, /Serving (http:\/\/127\.0\.0\.1:\d+) until Ctrl-C\./);
    const url = /Serving (\S+) until Ctrl-C\./.exec(output)?.[1] ?? "";
    const token = /not a real credential\): (\S+)/.exec(output)?.[1] ?? "";
    expect(output).toContain(
      `Try: CODER_URL=${url} CODER_SESSION_TOKEN=${token} npx tsx examples/list-and-follow.ts`,
    );

    // Still serving after the flow: the started workspace is running.
    const response = await fetch(`${url}/api/v2/users/me/workspace/k8s-lab`, {
      headers: { "Coder-Session-Token": token },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { latest_build: { status: string } }).latest_build.status).toBe(
      "running",
    );

    child.kill("SIGINT");
    const result = await done;
    expect(result.code).toBe(0);
  });

  it("refuses a PORT that is not a port number", async () => {
    const result = await runExample("demo.ts", [], { ...env(), PORT: "eighty" });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('error: PORT must be a port number, got "eighty"');
  });
});
