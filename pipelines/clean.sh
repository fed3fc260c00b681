#!/usr/bin/env bash
# make clean: removes what the build made, unless a build or `make site` is running. Its staging folder and lock are
# among what clean removes: the build would crash, and a second one could start beside it. The lock (out.lock,
# {"pid":N,"started":"…","command":"…"}) is judged as the build judges it (pipelines/lib/process-alive.ts): held while
# its pid runs and is not a zombie, a process of another user included; a lock left by a killed build is no obstacle.
set -euo pipefail

# One field of the lock's JSON, as text (a string's quotes dropped); empty if absent or unreadable.
field() { sed -n "s/.*\"$1\" *: *\\(\"\\([^\"\\\\]\\|\\\\.\\)*\"\\|[0-9][0-9]*\\).*/\\1/p" out.lock 2>/dev/null | sed 's/^"//; s/"$//' || true; }

alive() {
  local pid=$1
  [ "$pid" -gt 0 ] 2>/dev/null || return 1
  [ -d "/proc/$pid" ] || kill -0 "$pid" 2>/dev/null || return 1
  # A zombie (killed, not yet reaped) is no build: its state follows the last ')' of /proc/<pid>/stat.
  ! { [ -r "/proc/$pid/stat" ] && sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | grep -q '^Z'; }
}

if [ -f out.lock ]; then
  # A number, as the build writes it (a pid given as a string is no pid to the build either).
  pid=$(sed -n 's/.*"pid" *: *\([0-9][0-9]*\) *[,}].*/\1/p' out.lock 2>/dev/null || true)
  if [ -n "$pid" ] && alive "$pid"; then
    echo "out.lock: is held by a running process (pid $pid, started $(field started): $(field command)): make clean would delete what it is writing" >&2
    echo "  → Wait for it to finish (or stop it: kill $pid), then run make clean again. If that process is no build (its pid was reused), remove out.lock first." >&2
    exit 1
  fi
fi
rm -rf out out.staging-* out.previous-* out.lock* dist dist.staging-* dist.previous-* diff pages pages.staging-* pages.previous-*
