# Formats bench/publish.sh's figures. Input (mode text, markdown, svg): one line per scenario, kind and way:
#   <cold|warm|edit> <fd|sc> <baseline|local|container|sdk> ok <median s> <min s> <max s> <image built|-> <bytes>
#   <scenario> <kind> <way> failed
# Input (mode compression-text, compression-markdown; -v sdk=<bytes of the SDK's sc layer>): tools/LayerCompression's
#   hash <layer> <tar bytes> <seconds>
#   gzip <layer> <tar bytes> <level> <gzip bytes> <compress s> <upload s>
# Asserts nothing: the targets are printed beside the figures.

function mb(bytes) { return sprintf("%.2f", bytes / 1000000) }
function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2fx", a / b) : "-" }
function have(key) { return (key in median) }
# The median of a scenario, kind and way, 0 when there is none (reading median[] directly would create the entry).
function med(scenario, kind, way,   key) { key = scenario SUBSEP kind SUBSEP way; return (key in median) ? median[key] : 0 }
function verdict(ok) { return ok ? "met" : "not met" }
function row(cells,   n, i, parts, out) {
  n = split(cells, parts, "|")
  if (mode ~ /markdown/) {
    out = "|"
    for (i = 1; i <= n; i++) out = out " " parts[i] " |"
    return out
  }
  out = ""
  for (i = 1; i <= n; i++) out = out sprintf(i == 1 ? "%-30s" : " %14s", parts[i])
  return out
}
function rule(n,   i, out) {
  if (mode !~ /markdown/) return ""
  out = "|"
  for (i = 1; i <= n; i++) out = out (i == 1 ? " --- |" : " ---: |")
  return out
}
function heading(text) { return mode ~ /markdown/ ? "\n## " text "\n" : "\n" text }
function line(text) { if (text != "") print text }

$1 == "hash" { hash[$2] = $4; tar[$2] = $3; if (!($2 in seen)) { seen[$2] = 1; layers[++nlayers] = $2 }; next }
$1 == "gzip" { tar[$2] = $3; gz[$2, $4] = $5; comp[$2, $4] = $6; up[$2, $4] = $7; levels[$4] = 1; next }
$4 == "ok" { key = $1 SUBSEP $2 SUBSEP $3; median[key] = $5; lo[key] = $6; hi[key] = $7; built[key] = $8; bytes[key] = $9; next }
$4 == "failed" { failed[$1 SUBSEP $2 SUBSEP $3] = 1; next }

END {
  if (mode == "svg") { svg(); exit }
  if (mode ~ /^compression/) { compression(); exit }

  # Edit loop.
  print heading("Edit loop: a one-line code change, then publish")
  line(row("way|kind|median s|min-max s|vs baseline|vs sdk|MB uploaded"))
  line(rule(7))
  for (k = 1; k <= 2; k++) {
    kind = k == 1 ? "fd" : "sc"
    for (w = 1; w <= 4; w++) {
      way = w == 1 ? "baseline" : w == 2 ? "local" : w == 3 ? "container" : "sdk"
      key = "edit" SUBSEP kind SUBSEP way
      if (!have(key)) { line(row(way "|" kind "|" (key in failed ? "failed" : "-") "||||")); continue }
      line(row(way "|" kind "|" median[key] "|" lo[key] "-" hi[key] "|" ratio(median[key], med("edit", kind, "baseline")) "|" \
        ratio(median[key], med("edit", kind, "sdk")) "|" (way == "baseline" ? "-" : mb(bytes[key]))))
    }
  }

  # Cold and warm.
  print heading("Cold and warm publishes")
  line(row("scenario|kind|way|median s|min-max s|vs sdk|vs baseline|image built|MB uploaded"))
  line(rule(9))
  for (s = 1; s <= 2; s++) {
    scenario = s == 1 ? "cold" : "warm"
    for (k = 1; k <= 2; k++) {
      kind = k == 1 ? "fd" : "sc"
      for (w = 1; w <= 5; w++) {
        way = w == 1 ? "baseline" : w == 2 ? "local" : w == 3 ? "local-before" : w == 4 ? "container" : "sdk"
        key = scenario SUBSEP kind SUBSEP way
        if (!have(key)) { if (key in failed) line(row(scenario "|" kind "|" way "|failed||||||")); continue }
        line(row(scenario "|" kind "|" way "|" median[key] "|" lo[key] "-" hi[key] "|" ratio(median[key], med(scenario, kind, "sdk")) "|" \
          ratio(median[key], med(scenario, kind, "baseline")) "|" built[key] "|" (way == "baseline" ? "-" : mb(bytes[key]))))
      }
    }
  }

  # The targets of issue 13, each for Local and Container execution and both kinds.
  print heading("Targets")
  line(row("target|kind|local|container|"))
  line(rule(5))
  for (k = 1; k <= 2; k++) {
    kind = k == 1 ? "fd" : "sc"
    target("code change uploads <= 1 MB", kind, "bytes", 1000000)
    target("edit <= 1.15x plain publish", kind, "baseline", 1.15)
    target("edit <= 0.7x SDK", kind, "sdk", 0.7)
    target("cold <= 1.0x SDK (Local)", kind, "cold-local", 1.0)
    target("cold <= 1.25x SDK (Container)", kind, "cold-container", 1.25)
  }
  if (mode ~ /markdown/) {
    print "\nThe SDK's fd image is the app on the run image, which has no .NET: it never compresses or pushes a runtime. Ours"
    print "carries the runtime in a layer of its own (made once, then reused), so the fd cold figures compare unequal"
    print "images; sc is the like-for-like comparison (both images hold the runtime)."
  }
}

# One row of the targets table: the figure of Local and Container execution and whether it meets the limit.
function target(name, kind, what, limit,   cells, m, key, value, shown, met) {
  cells = name "|" kind
  for (m = 1; m <= 2; m++) {
    way = m == 1 ? "local" : "container"
    if (what == "bytes") { key = "edit" SUBSEP kind SUBSEP way; value = have(key) ? bytes[key] : -1; shown = mb(value) " MB" }
    else if (what == "baseline" || what == "sdk") {
      key = "edit" SUBSEP kind SUBSEP way
      value = have(key) && have("edit" SUBSEP kind SUBSEP what) ? median[key] / med("edit", kind, what) : -1
      shown = sprintf("%.2fx", value)
    } else {
      if ((what == "cold-local" && way != "local") || (what == "cold-container" && way != "container")) { cells = cells "|n/a"; continue }
      key = "cold" SUBSEP kind SUBSEP way
      value = have(key) && have("cold" SUBSEP kind SUBSEP "sdk") ? median[key] / med("cold", kind, "sdk") : -1
      shown = sprintf("%.2fx", value)
    }
    if (value < 0) { cells = cells "|-"; continue }
    met = value <= limit
    cells = cells "|" shown " (" verdict(met) ")"
  }
  line(row(cells "|"))
}

function compression(   i, name, lv, level, total_tar, total_gz, total_comp, total_up, total_hash) {
  print heading("Compression: gzip levels on the sc layers")
  if (mode ~ /markdown/) {
    print "System.IO.Compression's gzip (zlib-ng in .NET 9 and later; `CompressionLevel.Fastest`, `Optimal` and"
    print "`SmallestSize` are levels 1, 6 and 9, checked byte for byte by the tool) on the layers of the self-contained"
    print "publish, as the layers index splits it: compress time (best of the runs), the blob's size, and the time to"
    print "upload it to the loopback registry. *hash s* is what a layer costs when the previous image has it: it is"
    print "tarred and hashed for its diff ID and never compressed again (in Local execution not even hashed while its"
    print "files keep their sizes and times: the exporter keeps their diff IDs, docs/architecture.md).\n"
  }
  line(row("layer|tar MB|hash s|level|gzip MB|compress s|upload s|compress+upload s"))
  line(rule(8))
  for (i = 1; i <= nlayers; i++) {
    name = layers[i]
    for (lv = 1; lv <= 3; lv++) {
      level = lv == 1 ? 1 : lv == 2 ? 6 : 9
      if (!((name, level) in gz)) continue
      line(row(name "|" mb(tar[name]) "|" (lv == 1 ? hash[name] : "") "|" level "|" mb(gz[name, level]) "|" comp[name, level] "|" up[name, level] "|" \
        sprintf("%.2f", comp[name, level] + up[name, level])))
      sum_gz[level] += gz[name, level]; sum_comp[level] += comp[name, level]; sum_up[level] += up[name, level]
    }
    total_tar += tar[name]; total_hash += hash[name]
  }
  for (lv = 1; lv <= 3; lv++) {
    level = lv == 1 ? 1 : lv == 2 ? 6 : 9
    line(row("all layers|" mb(total_tar) "|" (lv == 1 ? sprintf("%.2f", total_hash) : "") "|" level "|" mb(sum_gz[level]) "|" \
      sprintf("%.2f", sum_comp[level]) "|" sprintf("%.2f", sum_up[level]) "|" sprintf("%.2f", sum_comp[level] + sum_up[level])))
  }
  if (sdk > 0) line(row("the SDK's one layer|||6 (Optimal)|" mb(sdk) "|||"))
  if (mode ~ /markdown/) {
    printf "\nThe exporter uses level 1 (`CompressionLevel.Fastest`, as go-containerregistry and so the reference lifecycle\n"
    printf "do): here it is the fastest to compress and push, %.2f s against %.2f s at level 6 and %.2f s at level 9 for all\n", \
      sum_comp[1] + sum_up[1], sum_comp[6] + sum_up[6], sum_comp[9] + sum_up[9]
    printf "layers, for a blob %.0f%% larger than level 6's. Level 6 would win only where uploading %.1f MB more costs more than\n", \
      (sum_gz[6] > 0 ? (sum_gz[1] / sum_gz[6] - 1) * 100 : 0), (sum_gz[1] - sum_gz[6]) / 1000000
    printf "the %.2f s of compression it adds (a link slower than about %.0f Mbit/s), and then only on the first push of a\n", \
      sum_comp[6] - sum_comp[1], ((sum_comp[6] > sum_comp[1]) ? (sum_gz[1] - sum_gz[6]) * 8 / 1000000 / (sum_comp[6] - sum_comp[1]) : 0)
    printf "runtime: an unchanged layer is never compressed again, and a code change compresses the app's layer only.\n"
  }
}

# A horizontal bar chart of the edit loop: per kind, the median seconds of each way, with the MB each uploaded.
function svg(   width, left, barh, gap, y, bottom, max, k, w, kind, way, key, x, colors, label, scale, height, tick, t) {
  width = 760; left = 150; barh = 22; gap = 6
  colors["baseline"] = "#9e9e9e"; colors["local"] = "#1565c0"; colors["container"] = "#42a5f5"; colors["sdk"] = "#ef6c00"
  max = 0
  for (key in median) { split(key, p, SUBSEP); if (p[1] == "edit" && median[key] + 0 > max) max = median[key] + 0 }
  if (max <= 0) max = 1
  scale = (width - left - 170) / max
  height = 60 + 2 * (4 * (barh + gap) + 34) + 30
  printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"13\">\n", width, height
  printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
  printf "<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Edit loop: publish after a one-line code change (median seconds, MB uploaded)</text>\n"
  bottom = 50 + 2 * (24 + 4 * (barh + gap) + 10)
  for (t = 0; t <= max; t += (max > 20 ? 10 : 5)) {
    tick = left + t * scale
    printf "<line x1=\"%.1f\" y1=\"50\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n", tick, tick, bottom
    printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">%d s</text>\n", tick, bottom + 16, t
  }
  y = 50
  for (k = 1; k <= 2; k++) {
    kind = k == 1 ? "fd" : "sc"
    printf "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>\n", y + 14, kind == "fd" ? "framework-dependent" : "self-contained"
    y += 24
    for (w = 1; w <= 4; w++) {
      way = w == 1 ? "baseline" : w == 2 ? "local" : w == 3 ? "container" : "sdk"
      key = "edit" SUBSEP kind SUBSEP way
      label = way == "baseline" ? "dotnet publish" : way == "sdk" ? "SDK PublishContainer" : "ours, " way
      printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", left - 8, y + barh - 6, label
      if (have(key)) {
        x = median[key] * scale
        printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", left, y, x, barh, colors[way]
        printf "<text x=\"%.1f\" y=\"%d\">%.1f s%s</text>\n", left + x + 6, y + barh - 6, median[key], \
          way == "baseline" ? "" : sprintf(", %s MB", mb(bytes[key]))
      } else {
        printf "<text x=\"%d\" y=\"%d\">failed</text>\n", left + 6, y + barh - 6
      }
      y += barh + gap
    }
    y += 10
  }
  print "</svg>"
}
