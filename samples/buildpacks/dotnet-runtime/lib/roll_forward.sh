# Picks the framework version the .NET host would run for a request, among the versions the build image has.
# roll_forward <wanted> <policy> <version>... prints the chosen version, or nothing when none fits.
# Policies (docs: runtimeconfig.json "rollForward"): Disable = exact; LatestPatch = same major.minor, newest patch;
# Minor (default) = the lowest minor >= wanted in the same major, then its newest patch; LatestMinor = newest in
# the same major; Major = like Minor, going to the lowest higher major when the wanted one has none; LatestMajor =
# newest. Only versions >= wanted count, and pre-releases only when wanted is one.
roll_forward() {
  local wanted=$1 policy=$2 lower
  shift 2
  # Lowercased by bash, not tr (one process less); in the C locale, as tr did it: ASCII letters only.
  lower=$(LC_ALL=C; printf '%s' "${policy,,}")
  printf '%s\n' "$@" | awk -v want="$wanted" -v policy="$lower" '
    function key(a, b, c) { return sprintf("%09d.%09d.%09d", a, b, c) }
    BEGIN { split(want, w, /[.-]/); wM = w[1] + 0; wm = w[2] + 0; wp = w[3] + 0; pre = want ~ /-/ }
    NF == 0 { next }
    {
      if ($0 ~ /-/ && !pre) next
      split($0, c, /[.-]/); M = c[1] + 0; m = c[2] + 0; p = c[3] + 0
      if (key(M, m, p) < key(wM, wm, wp)) next
      if (policy == "disable" && $0 != want) next
      if ((policy == "latestpatch" || policy == "disable") && (M != wM || m != wm)) next
      if ((policy == "minor" || policy == "latestminor") && M != wM) next
      n++; v[n] = $0; k[n] = key(M, m, p); maj[n] = M; min[n] = m
    }
    END {
      if (n == 0) exit
      latest = policy ~ /^latest(minor|major)$/
      best = 0
      for (i = 1; i <= n; i++) {
        if (best == 0) { best = i; continue }
        if (latest) { if (k[i] > k[best]) best = i; continue }
        # lowest major, then lowest minor, then newest patch
        if (maj[i] < maj[best] || (maj[i] == maj[best] && (min[i] < min[best] || (min[i] == min[best] && k[i] > k[best])))) best = i
      }
      print v[best]
    }'
}
