import { InvalidArgumentError } from "commander";
import { allTools, toolsets } from "../tools/index.js";

// Parsers for flag values. Commander prints their message after "option '--flag <x>' argument
// 'value' is invalid.", so each message says what would be valid.

/** Split a comma-separated flag value into trimmed, non-empty parts. */
export function commaList(value: string): string[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** Extra selectors `--toolsets` and `?toolset=` accept besides the catalogue's toolset ids. */
export const TOOLSET_ALIASES = ["standard", "all"] as const;

/** Every value `--toolsets` accepts. */
export function validToolsetNames(): string[] {
  return [...TOOLSET_ALIASES, ...toolsets.map((toolset) => toolset.id)];
}

/** `--toolsets a,b`: known toolset ids (or `standard`, `all`). */
export function parseToolsets(value: string): string[] {
  const names = commaList(value);
  const valid = validToolsetNames();
  const unknown = names.filter((name) => !valid.includes(name));
  if (names.length === 0) throw new InvalidArgumentError(`give at least one of: ${valid.join(", ")}.`);
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `unknown toolset ${unknown.map((n) => `"${n}"`).join(", ")}; valid: ${valid.join(", ")}.`,
    );
  }
  return names;
}

/** `--allowed-tools`, `--deny`: known tool names. */
export function parseToolNames(value: string): string[] {
  const names = commaList(value);
  const valid = allTools.map((tool) => tool.name);
  const unknown = names.filter((name) => !valid.includes(name));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `unknown tool ${unknown.map((n) => `"${n}"`).join(", ")}; valid: ${valid.join(", ")}.`,
    );
  }
  return names;
}

/** A TCP port: an integer from 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new InvalidArgumentError("expected a port number from 0 to 65535.");
  }
  return port;
}

/** A positive integer (workers, byte sizes). */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError("expected a whole number of at least 1.");
  }
  return n;
}

/** An http(s) URL. */
export function parseHttpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError("expected an http(s) URL such as https://coder.example.com.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvalidArgumentError("expected an http(s) URL such as https://coder.example.com.");
  }
  return value;
}

/** The toolsets, one per line, for `--help`. */
export function toolsetHelp(): string {
  const width = Math.max(...toolsets.map((t) => t.id.length), "standard".length);
  const lines = toolsets.map(
    (t) => `  ${t.id.padEnd(width)}  ${t.title}${t.standard ? " (standard)" : ""}: ${t.description}`,
  );
  return [
    "Toolsets (--toolsets, and ?toolset= over HTTP):",
    `  ${"standard".padEnd(width)}  every toolset marked (standard); the default`,
    `  ${"all".padEnd(width)}  every tool, including coder_report_task and search/fetch`,
    ...lines,
  ].join("\n");
}
