/** A fault to inject for matching requests (see `fake.faults.add`). */
export interface FaultSpec {
  /** HTTP method to match; any method when omitted. */
  method?: string;
  /** Exact pathname (`*` matches any run of characters) or a RegExp tested against the pathname. */
  path: string | RegExp;
  /** Status of the injected response (500 by default; 502 for `html`, 200 for `malformedJson`). */
  status?: number;
  /** Body of the injected response: a string is sent as is, anything else as JSON. */
  body?: unknown;
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  /** Wait this long first; with nothing else set, the request is then served normally. */
  delayMs?: number;
  /** Drop the connection: a socket reset in listen mode, a network-error TypeError in fetch/msw mode. */
  reset?: true;
  /** Answer with a truncated JSON body labelled application/json. */
  malformedJson?: true;
  /** Answer with an HTML error page (text/html), like a proxy in front of Coder. */
  html?: true;
  /** Apply to the next n matching requests only; unlimited when omitted. */
  times?: number;
}

/** A registered fault; `hits` counts the requests it answered. */
export interface FaultHandle {
  readonly hits: number;
  remove(): void;
}

/** What the transport should do with a request. */
export type FaultAction = { kind: "reset" } | { kind: "respond"; response: Response } | { kind: "pass" };

interface Entry {
  spec: FaultSpec;
  remaining: number;
  hits: number;
}

function pathMatches(pattern: string | RegExp, pathname: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(pathname);
  if (!pattern.includes("*")) return pattern === pathname;
  const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`).test(pathname);
}

const HTML_PAGE =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/** The fault switchboard: first matching fault wins, counted down by `times`. */
export class Faults {
  private entries: Entry[] = [];

  /** Registers a fault and returns a handle to inspect or remove it. */
  add(spec: FaultSpec): FaultHandle {
    const entry: Entry = { spec, remaining: spec.times ?? Number.POSITIVE_INFINITY, hits: 0 };
    this.entries.push(entry);
    return {
      get hits() {
        return entry.hits;
      },
      remove: () => {
        this.entries = this.entries.filter((e) => e !== entry);
      },
    };
  }

  /** Removes every fault. */
  clear(): void {
    this.entries = [];
  }

  /** Finds and consumes the fault for a request, waiting out its delay. */
  async apply(method: string, pathname: string): Promise<FaultAction> {
    const entry = this.entries.find(
      (e) =>
        e.remaining > 0 &&
        (!e.spec.method || e.spec.method.toUpperCase() === method) &&
        pathMatches(e.spec.path, pathname),
    );
    if (!entry) return { kind: "pass" };
    entry.remaining -= 1;
    entry.hits += 1;
    if (entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
    const { spec } = entry;
    if (spec.delayMs) await new Promise((resolve) => setTimeout(resolve, spec.delayMs));
    if (spec.reset) return { kind: "reset" };
    const headers = spec.headers ?? {};
    if (spec.html) {
      return {
        kind: "respond",
        response: new Response(HTML_PAGE, {
          status: spec.status ?? 502,
          headers: { "content-type": "text/html", ...headers },
        }),
      };
    }
    if (spec.malformedJson) {
      return {
        kind: "respond",
        response: new Response('{"message": "Request was cut sho', {
          status: spec.status ?? 200,
          headers: { "content-type": "application/json; charset=utf-8", ...headers },
        }),
      };
    }
    if (spec.status === undefined && spec.body === undefined) return { kind: "pass" };
    const status = spec.status ?? 500;
    const body =
      spec.body === undefined
        ? JSON.stringify({
            message: "An internal server error occurred.",
            detail: "fault injected by the fake Coder deployment",
          })
        : typeof spec.body === "string"
          ? spec.body
          : JSON.stringify(spec.body);
    const noBody = status === 204 || status === 304;
    return {
      kind: "respond",
      response: new Response(noBody ? null : body, {
        status,
        headers: { "content-type": "application/json; charset=utf-8", ...headers },
      }),
    };
  }
}
