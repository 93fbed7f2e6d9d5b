// layer-compression <publish dir> [<registry/repository> [<repeats>]]
//
// Splits the publish output into the layers its layers index (<App>.layers.json) names, as the sample buildpack and
// the exporter do (each group but the app a layer, the app the rest), and writes each layer's tar once. Then, for gzip
// levels 1, 6 and 9 (System.IO.Compression, zlib-ng), compresses each tar (best of <repeats> runs) and, when a
// registry repository is given (e.g. 127.0.0.1:5000/bench/compression), uploads the blob there (one monolithic PUT)
// and times it. Prints tab-separated lines: per layer, the time to tar and hash it without compressing (what the
// exporter spends on a layer it reuses), then one line per level:
//   hash  <layer>  <tar-bytes>  <seconds>
//   gzip  <layer>  <tar-bytes>  <level>  <gzip-bytes>  <compress-seconds>  <upload-seconds>
// and checks that CompressionLevel.Fastest, Optimal and SmallestSize are levels 1, 6 and 9 (same bytes).
using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Buildpacks.Images.Layers;

if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("usage: layer-compression <publish dir> [<registry/repository> [<repeats>]]");
    return 2;
}

var publishDir = Path.GetFullPath(args[0]);
var repository = args.Length > 1 && args[1].Length > 0 ? args[1] : null;
var repeats = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1;
var scratch = Directory.CreateTempSubdirectory("layer-compression-").FullName;
try
{
    var groups = Groups(publishDir);
    using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
    foreach (var (name, files) in groups)
    {
        var tar = Path.Combine(scratch, name + ".tar");
        var entries = LayerEntries.FromDirectory(publishDir).Where(e => files(e.Path)).ToList();
        await using (var output = File.Create(tar))
        {
            await LayerWriter.WriteTarAsync(entries, output);
        }

        var tarBytes = new FileInfo(tar).Length;
        var hashing = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            await LayerWriter.DiffIdAsync(LayerEntries.FromDirectory(publishDir).Where(e => files(e.Path)).ToList());
            hashing = Math.Min(hashing, watch.Elapsed.TotalSeconds);
        }

        Console.WriteLine(FormattableString.Invariant($"hash\t{name}\t{tarBytes}\t{hashing:F3}"));
        foreach (var level in new[] { 1, 6, 9 })
        {
            var blob = Path.Combine(scratch, $"{name}-{level}.tgz");
            var best = double.MaxValue;
            for (var i = 0; i < repeats; i++)
            {
                var watch = Stopwatch.StartNew();
                await CompressAsync(tar, blob, new ZLibCompressionOptions { CompressionLevel = level });
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }

            var upload = repository is null ? double.NaN : await UploadAsync(http, repository, blob);
            Console.WriteLine(FormattableString.Invariant($"gzip\t{name}\t{tarBytes}\t{level}\t{new FileInfo(blob).Length}\t{best:F3}\t{upload:F3}"));
        }

        // The enum levels LayerWriteOptions takes are these numeric levels on this runtime.
        foreach (var (level, numeric) in new[] { (CompressionLevel.Fastest, 1), (CompressionLevel.Optimal, 6), (CompressionLevel.SmallestSize, 9) })
        {
            var named = Path.Combine(scratch, $"{name}-{level}.tgz");
            await CompressAsync(tar, named, level);
            if (!File.ReadAllBytes(named).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(scratch, $"{name}-{numeric}.tgz"))))
            {
                Console.Error.WriteLine($"note: CompressionLevel.{level} is not level {numeric} on this runtime ({name})");
            }

            File.Delete(named);
        }

        foreach (var file in Directory.GetFiles(scratch))
        {
            File.Delete(file);
        }
    }

    return 0;
}
finally
{
    Directory.Delete(scratch, recursive: true);
}

// The layers the exporter would make of the directory: each group of the index but the app, then everything else; the
// whole directory as one layer without an index. Predicates over the entry paths (a directory goes with its files).
static List<(string Name, Func<string, bool> Files)> Groups(string dir)
{
    var index = Directory.GetFiles(dir, "*.layers.json").SingleOrDefault();
    var groups = new List<(string, Func<string, bool>)>();
    if (index is null)
    {
        groups.Add(("app", _ => true));
        return groups;
    }

    using var document = JsonDocument.Parse(File.ReadAllText(index));
    var taken = new HashSet<string>(StringComparer.Ordinal);
    foreach (var layer in document.RootElement.GetProperty("layers").EnumerateArray())
    {
        var name = layer.GetProperty("name").GetString()!;
        if (name == "app")
        {
            continue;
        }

        var files = layer.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).Where(f => File.Exists(Path.Combine(dir, f))).ToHashSet(StringComparer.Ordinal);
        if (files.Count > 0)
        {
            taken.UnionWith(files);
            groups.Add((name, path => files.Contains(path)));
        }
    }

    groups.Add(("app", path => !taken.Contains(path)));
    return groups;
}

static async Task CompressAsync(string tar, string blob, object level)
{
    await using var input = File.OpenRead(tar);
    await using var output = File.Create(blob);
    await using var gzip = level is ZLibCompressionOptions options ? new GZipStream(output, options) : new GZipStream(output, (CompressionLevel)level);
    await input.CopyToAsync(gzip);
}

// POST an upload, then PUT the whole blob with its digest (Distribution API, "monolithic upload").
static async Task<double> UploadAsync(HttpClient http, string repository, string blob)
{
    var slash = repository.IndexOf('/', StringComparison.Ordinal);
    var registry = new Uri("http://" + repository[..slash]);
    var name = repository[(slash + 1)..];
    string digest;
    await using (var file = File.OpenRead(blob))
    {
        digest = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
    }

    var watch = Stopwatch.StartNew();
    using var start = await http.PostAsync(new Uri(registry, $"/v2/{name}/blobs/uploads/"), null);
    start.EnsureSuccessStatusCode();
    var location = start.Headers.Location!;
    var upload = location.IsAbsoluteUri ? location : new Uri(registry, location);
    var target = new Uri(upload + (upload.Query.Length > 0 ? "&" : "?") + "digest=" + digest);

    await using var content = File.OpenRead(blob);
    using var body = new StreamContent(content);
    body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    using var put = await http.PutAsync(target, body);
    put.EnsureSuccessStatusCode();
    return watch.Elapsed.TotalSeconds;
}
