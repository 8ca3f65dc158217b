/**
 * Build an API path from a template and its segments, percent-encoding each segment so a name
 * with `/`, `?` or `#` cannot change which endpoint is called.
 */
export function apiPath(strings: TemplateStringsArray, ...segments: (string | number)[]): string {
  let out = strings[0] ?? "";
  segments.forEach((segment, i) => {
    out += encodeURIComponent(String(segment)) + (strings[i + 1] ?? "");
  });
  return out;
}
