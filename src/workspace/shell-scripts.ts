import { LINE_CHARS, SEQ_DIGITS } from "./framing.js";

/**
 * POSIX `sh` scripts that do one operation in the workspace and print its result in the framing of
 * `framing.ts`. They use only POSIX tools plus `base64`, `head -c`, `stat`, `mktemp` and (when
 * present) `setsid` and `readlink -f`, which GNU coreutils and BusyBox both have.
 *
 * Every script runs as `main </dev/null`: `sh` reads the script from a pipe, so nothing in it may
 * read standard input; bulk input is read from `/dev/tty` (the terminal) after a READY marker.
 */

/** Quote a string for `sh` (single quotes; any byte but NUL survives). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Status codes of file operations (the END marker's code). */
export const FILE_STATUS = {
  ok: 0,
  not_found: 2,
  permission_denied: 3,
  not_a_directory: 4,
  is_a_directory: 5,
  changed: 6,
  failed: 7,
} as const;

/** Where background commands write their output, under `$TMPDIR` (default `/tmp`). */
export const BACKGROUND_DIR_NAME = "coder-toolsdk";

/** The frame around an operation: temp dir, traps, emitting the payload, waiting for the ack. */
function frame(nonce: string, body: string): string {
  return `main() {
N=${nonce}
stty -echo </dev/tty >/dev/null 2>&1
D=$(mktemp -d "\${TMPDIR:-/tmp}/coder-toolsdk.XXXXXX") || { echo "coder-toolsdk: mktemp -d failed"; return 1; }
C=0 X= P= W= T= KEEP= F="$D/o"
cleanup() {
  [ -n "$W" ] && { kill -TERM -"$W" 2>/dev/null || kill -TERM "$W" 2>/dev/null; }
  [ -n "$P" ] && [ -z "$KEEP" ] && { kill -KILL -"$P" 2>/dev/null || kill -KILL "$P" 2>/dev/null; }
  [ -n "$T" ] && rm -f "$T"
  rm -rf "$D"
  W= P= T=
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 129' HUP
trap 'cleanup; exit 143' TERM
fail() { C=$1; printf '%s' "$2" > "$D/o"; }
${body}
[ -f "$F" ] || : > "$F"
set -- $(cksum < "$F")
printf '\\n@@%s:B@@\\n' "$N"
base64 < "$F" | tr -d '\\n' | fold -w ${LINE_CHARS} | awk '{ printf "%0${SEQ_DIGITS}d:%s\\n", NR, $0 }'
K="$1:$2"
cleanup
printf '@@%s:E:%s:%s%s@@\\n' "$N" "$C" "$K" "$X"
# Stay until the client has the output: screen loses the output of sessions that end too soon.
stty -icanon min 0 time 20 </dev/tty >/dev/null 2>&1 && head -c 1 </dev/tty >/dev/null 2>&1
return 0
}
main </dev/null
`;
}

/** Options of {@link execScript}. */
export interface ExecScriptOptions {
  command: string;
  cwd?: string;
  env: Record<string, string>;
  timeoutMs: number;
  background: boolean;
  maxOutputBytes: number;
}

/**
 * Run a command detached from the terminal (`setsid`, so it has no controlling terminal, as over
 * SSH without a PTY, and its whole process group can be killed), output to a file, with a
 * watchdog that signals the script when the timeout passes. END extras: the full output size,
 * whether the timeout passed (1 or 0), then, for a background command still running, its pid and
 * its log path (base64).
 */
export function execScript(nonce: string, o: ExecScriptOptions): string {
  const exports = Object.entries(o.env)
    .map(([key, value]) => `export ${key}=${shellQuote(value)}`)
    .join("; ");
  const cd = o.cwd ? `cd -- ${shellQuote(o.cwd)} || exit 1; ` : "";
  const seconds = (Math.max(1, o.timeoutMs) / 1000).toFixed(3);
  const half = Math.floor(o.maxOutputBytes / 2);
  const log = `"\${TMPDIR:-/tmp}/${BACKGROUND_DIR_NAME}/bg-${nonce}.log"`;
  const body = `S=; command -v setsid >/dev/null 2>&1 && S=setsid
BG=${o.background ? 1 : ""}
if [ -n "$BG" ]; then mkdir -p "\${TMPDIR:-/tmp}/${BACKGROUND_DIR_NAME}" 2>/dev/null; O=${log}; else O="$D/out"; fi
TO=
trap 'TO=1' USR1
( ${cd}${exports ? `${exports}; ` : ""}exec $S \${BG:+nohup} sh -c ${shellQuote(o.command)} ) >"$O" 2>&1 </dev/null &
P=$!
$S sh -c 'sleep "$1"; [ -d "$3" ] && kill -USR1 "$2"' sh ${seconds} $$ "$D" </dev/null >/dev/null 2>&1 &
W=$!
wait "$P"; C=$?
if [ -n "$TO" ] && kill -0 "$P" 2>/dev/null; then
  C=124 TIMED=1
  if [ -n "$BG" ]; then KEEP=1; X=":$P:$(printf '%s' "$O" | base64 | tr -d '\n')"; else { kill -KILL -"$P" 2>/dev/null || kill -KILL "$P"; } 2>/dev/null; wait "$P" 2>/dev/null; fi
fi
[ -z "$KEEP" ] && P=
# A background command that finished: its log is the output, and goes away with the rest.
[ -n "$BG" ] && [ -z "$KEEP" ] && mv -f "$O" "$D/out" && O="$D/out"
Z=$(wc -c < "$O"); Z=$((Z+0))
if [ "$Z" -gt ${o.maxOutputBytes} ]; then { head -c ${half} "$O"; tail -c ${half} "$O"; } > "$D/o"; else F="$O"; fi
X=":$Z:\${TIMED:-0}$X"`;
  return frame(nonce, body);
}

/** List a directory: records `d<name>/` or `f<name>/` (a name cannot contain `/`). */
export function listScript(nonce: string, dir: string): string {
  const body = `Q=${shellQuote(dir)}
if [ ! -e "$Q" ] && [ ! -L "$Q" ]; then fail ${FILE_STATUS.not_found} "failed to open directory \\"$Q\\": no such file or directory"
elif [ ! -d "$Q" ]; then fail ${FILE_STATUS.not_a_directory} "path \\"$Q\\" is not a directory"
elif [ ! -r "$Q" ] || [ ! -x "$Q" ]; then fail ${FILE_STATUS.permission_denied} "failed to open directory \\"$Q\\": permission denied"
else
  for f in "$Q"/* "$Q"/.[!.]* "$Q"/..?*; do
    [ -e "$f" ] || [ -L "$f" ] || continue
    if [ -d "$f" ] && [ ! -L "$f" ]; then t=d; else t=f; fi
    printf '%s%s/' "$t" "\${f##*/}"
  done > "$D/o"
fi`;
  return frame(nonce, body);
}

/** Read a byte range; END extra: the file's size. */
export function readScript(nonce: string, path: string, offset: number, limit: number): string {
  const range = limit > 0 ? ` | head -c ${limit}` : "";
  const body = `Q=${shellQuote(path)}
if [ ! -e "$Q" ]; then fail ${FILE_STATUS.not_found} "open $Q: no such file or directory"
elif [ -d "$Q" ]; then fail ${FILE_STATUS.is_a_directory} "open $Q: not a file"
elif [ ! -r "$Q" ]; then fail ${FILE_STATUS.permission_denied} "open $Q: permission denied"
else
  Z=$(wc -c < "$Q"); Z=$((Z+0)); X=":$Z"
  tail -c +${offset + 1} "$Q"${range} > "$D/o" || fail ${FILE_STATUS.failed} "read $Q failed"
fi`;
  return frame(nonce, body);
}

/** Where the bytes of a write come from. */
export type WriteSource =
  /** Small payloads travel inside the script. */
  | { kind: "inline"; base64: string }
  /**
   * Large ones are typed into the terminal after READY marker `step`: `length` characters of
   * base64 and newlines, read in non-canonical mode (no line assembly, which is what limits a
   * terminal's input speed; Ctrl-C still interrupts).
   */
  | { kind: "tty"; step: number; length: number };

/** Options of {@link writeScript}. */
export interface WriteScriptOptions {
  path: string;
  source: WriteSource;
  /** `crc:size` of the bytes, checked before the rename. */
  expect: string;
  /** `crc:size` the current file must have, if set. */
  ifMatch?: string;
}

/** Write atomically: temp file beside the target, check, keep the mode, rename. */
export function writeScript(nonce: string, o: WriteScriptOptions): string {
  const input =
    o.source.kind === "inline"
      ? `printf '%s' ${shellQuote(o.source.base64)} | base64 -d > "$T"`
      : `stty -icanon min 1 time 0 </dev/tty 2>/dev/null; printf '\\n@@%s:R:%s@@\\n' "$N" ${o.source.step}; head -c ${o.source.length} </dev/tty | base64 -d > "$T"`;
  const ifMatch = o.ifMatch
    ? `elif ! { set -- $(cksum < "$Q" 2>/dev/null); [ "$1:$2" = ${shellQuote(o.ifMatch)} ]; }; then fail ${FILE_STATUS.changed} "$Q changed since it was read; read it again and redo the edit"\n`
    : "";
  const body = `Q=${shellQuote(o.path)}
if [ -L "$Q" ]; then R=$(readlink -f "$Q" 2>/dev/null) && [ -n "$R" ] && Q=$R; fi
G=\${Q%/*}; [ -n "$G" ] || G=/
if [ -d "$Q" ]; then fail ${FILE_STATUS.is_a_directory} "open $Q: is a directory"
elif ! mkdir -p "$G" 2>"$D/e"; then
  case $(cat "$D/e") in *ermission*) C=${FILE_STATUS.permission_denied} ;; *ot\\ a\\ directory*) C=${FILE_STATUS.not_a_directory} ;; *) C=${FILE_STATUS.failed} ;; esac
  fail "$C" "$(cat "$D/e")"
${ifMatch}elif ! : 2>/dev/null > "$G/.\${Q##*/}.tmp.${nonce.slice(0, 8)}"; then fail ${FILE_STATUS.permission_denied} "open $Q: permission denied"
else
  T="$G/.\${Q##*/}.tmp.${nonce.slice(0, 8)}"
  ${input}
  set -- $(cksum < "$T")
  if [ "$1:$2" != ${shellQuote(o.expect)} ]; then fail ${FILE_STATUS.failed} "the data for $Q arrived damaged; nothing was written"
  else
    if [ -e "$Q" ]; then M=$(stat -c %a "$Q" 2>/dev/null || stat -f %Lp "$Q" 2>/dev/null) && chmod "$M" "$T"; fi
    if mv -f "$T" "$Q" 2>"$D/e"; then T=; else fail ${FILE_STATUS.failed} "$(cat "$D/e")"; fi
  fi
fi`;
  return frame(nonce, body);
}

/** The command a reattach sends: if the session is gone the agent runs it and it says so. */
export function goneScript(nonce: string): string {
  return `printf '\\n@@%s:G@@\\n' ${nonce}\n`;
}

/**
 * Reads the real script from the terminal (READY step 1) and runs it: for scripts too long to
 * travel in the URL.
 */
export function loaderScript(nonce: string): string {
  return `main() {
stty -echo </dev/tty >/dev/null 2>&1
L=$(mktemp "\${TMPDIR:-/tmp}/coder-toolsdk.XXXXXX") || { echo "coder-toolsdk: mktemp failed"; return 1; }
trap 'rm -f "$L"; exit 130' INT
trap 'rm -f "$L"; exit 129' HUP
trap 'rm -f "$L"; exit 143' TERM
printf '\\n@@%s:R:1@@\\n' ${nonce}
base64 -d </dev/tty > "$L" && sh "$L"
rm -f "$L"
}
main </dev/null
`;
}

/**
 * The `command` query parameter: a line every login shell (sh, bash, zsh, fish) runs the same
 * way, since it uses no quotes, variables or redirections; base64 carries any script through.
 */
export function bootstrapCommand(script: string): string {
  return `echo ${Buffer.from(script, "utf8").toString("base64")} | base64 -d | sh`;
}
