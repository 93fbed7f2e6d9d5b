namespace Buildpacks.Lifecycle.Cli;

/// <summary>
/// Command-line flags parsed the way Go's <c>flag</c> package does, as the reference lifecycle's binaries do:
/// <c>-name value</c>, <c>-name=value</c>, and the same with <c>--</c>; boolean flags take no separate value (only
/// <c>-name=false</c>); parsing stops at the first argument that is not a flag, or after <c>--</c>.
/// </summary>
internal sealed class GoFlags
{
    private readonly Dictionary<string, bool> _defined = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

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

            _values[name] = value ?? "";
        }

        Positional = args.Skip(i).ToList();
    }
}
