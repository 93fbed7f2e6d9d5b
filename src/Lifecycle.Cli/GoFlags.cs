namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// Command-line flags parsed the way Go's <c>flag</c> package does, as the reference lifecycle's binaries do:
/// <c>-name value</c>, <c>-name=value</c>, and the same with <c>--</c>; boolean flags take no separate value (only
/// <c>-name=false</c>); parsing stops at the first argument that is not a flag, or after <c>--</c>.
/// </summary>
internal sealed class GoFlags
{
    private readonly Dictionary<string, bool> _defined = new(StringComparer.Ordinal);
    private readonly HashSet<string> _repeatable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _lists = new(StringComparer.Ordinal);

    /// <summary>Defines a flag that takes a string value.</summary>
    public GoFlags String(string name)
    {
        _defined[name] = false;
        return this;
    }

    /// <summary>Defines a boolean flag.</summary>
    public GoFlags Bool(string name)
    {
        _defined[name] = true;
        return this;
    }

    /// <summary>Defines a string flag that may be given more than once (lifecycle's <c>StringSlice</c>: <c>-tag</c>, <c>-insecure-registry</c>).</summary>
    public GoFlags Strings(string name)
    {
        _defined[name] = false;
        _repeatable.Add(name);
        return this;
    }

    /// <summary>Whether a flag of this name is defined.</summary>
    public bool IsDefined(string name) => _defined.ContainsKey(name);

    /// <summary>Every value of a repeatable flag, in order.</summary>
    public IReadOnlyList<string> GetAll(string name) => _lists.TryGetValue(name, out var values) ? values : [];

    /// <summary>
    /// The value of a boolean flag, if given: <c>-name</c> is true, <c>-name=v</c> is <c>v</c> parsed as Go's
    /// <c>strconv.ParseBool</c> does.
    /// </summary>
    /// <exception cref="FormatException">The value is not a Go boolean.</exception>
    public bool? GetBool(string name) => Get(name) is { } value ? (value.Length == 0 || ParseBool(value, $"-{name}")) : null;

    /// <summary>Go's <c>strconv.ParseBool</c>: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False.</summary>
    /// <exception cref="FormatException">Anything else.</exception>
    public static bool ParseBool(string value, string what) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => throw new FormatException($"invalid boolean value \"{value}\" for {what}"),
    };

    /// <summary>The arguments left after the flags.</summary>
    public IReadOnlyList<string> Positional { get; private set; } = [];

    /// <summary>The value of a string flag, if given.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="FormatException">An undefined flag, or a string flag without a value.</exception>
    public void Parse(IReadOnlyList<string> args)
    {
        var i = 0;
        while (i < args.Count)
        {
            var arg = args[i];
            if (arg.Length < 2 || arg[0] != '-')
            {
                break;
            }

            i++;
            if (arg == "--")
            {
                break;
            }

            var name = arg[(arg[1] == '-' ? 2 : 1)..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }

            if (name.Length == 0 || name[0] is '-' or '=')
            {
                throw new FormatException($"bad flag syntax: {arg}");
            }

            if (!_defined.TryGetValue(name, out var isBool))
            {
                throw new FormatException($"flag provided but not defined: -{name}");
            }

            if (!isBool && value is null)
            {
                if (i >= args.Count)
                {
                    throw new FormatException($"flag needs an argument: -{name}");
                }

                value = args[i++];
            }

            if (isBool && value is { Length: > 0 })
            {
                ParseBool(value, $"-{name}");
            }

            _values[name] = value ?? "";
            if (_repeatable.Contains(name))
            {
                if (!_lists.TryGetValue(name, out var list))
                {
                    _lists[name] = list = [];
                }

                list.Add(value!);
            }
        }

        Positional = args.Skip(i).ToList();
    }
}
