namespace Rewind.Specs;

/// <summary>
/// Reads a <see cref="RunSpec"/> from YAML (nested mappings and/or dotted keys such as <c>optimizer.lr: 0.05</c>)
/// and applies <c>--set key=value</c> overrides. Every problem is reported together in one
/// <see cref="RewindUserException"/>, one line each, starting with the file name and the key.
/// </summary>
public static class SpecLoader
{
    /// <summary>The largest spec Rewind reads (1 MiB of YAML and overrides together): real specs are a few hundred bytes.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Reads the spec file at <paramref name="yamlPath"/>, applies <paramref name="overrides"/> and validates.</summary>
    /// <param name="yamlPath">The spec file; messages name it as given.</param>
    /// <param name="overrides"><c>key=value</c> strings (the CLI's <c>--set</c>), applied after the file in order.</param>
    public static RunSpec Load(string yamlPath, IEnumerable<string>? overrides = null)
    {
        string text;
        try
        {
            if (Directory.Exists(yamlPath))
                throw new RewindUserException($"{yamlPath}: is a directory, not a spec file; give the path of a .yaml file.");
            if (!File.Exists(yamlPath))
            {
                throw new RewindUserException(
                    $"{yamlPath}: spec file not found (looked for {Path.GetFullPath(yamlPath)}); check the path.");
            }
            var size = new FileInfo(yamlPath).Length;
            if (size > MaxBytes)
                throw new RewindUserException(TooLarge(yamlPath, size));
            text = File.ReadAllText(yamlPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RewindUserException($"{yamlPath}: cannot read the spec file ({ex.Message}); check its permissions.", ex);
        }
        return FromYaml(text, yamlPath, overrides);
    }

    /// <summary>Reads a spec from YAML text, applies <paramref name="overrides"/> and validates.</summary>
    /// <param name="yamlText">The YAML; empty means all defaults.</param>
    /// <param name="sourceName">What messages call the text (usually the file name).</param>
    /// <param name="overrides"><c>key=value</c> strings applied after the text, in order.</param>
    public static RunSpec FromYaml(string yamlText, string sourceName, IEnumerable<string>? overrides = null) =>
        FromYaml<RunSpec>(yamlText, sourceName, overrides);

    /// <summary>
    /// A copy of <paramref name="spec"/> with <paramref name="overrides"/> applied and validated, e.g. deriving the
    /// runs of a study from a base spec with <c>pruning.strategy=wr</c>.
    /// </summary>
    /// <param name="spec">The base spec (not modified).</param>
    /// <param name="overrides"><c>key=value</c> strings applied in order.</param>
    /// <param name="sourceName">What messages call the overrides' origin, e.g. the study file.</param>
    public static RunSpec Apply(RunSpec spec, IEnumerable<string> overrides, string sourceName = "--set") =>
        Apply<RunSpec>(spec, overrides, sourceName);

    /// <summary><see cref="FromYaml(string, string, IEnumerable{string})"/> for any spec record type.</summary>
    internal static T FromYaml<T>(string yamlText, string sourceName, IEnumerable<string>? overrides)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        var list = (overrides ?? []).ToList();
        long size = System.Text.Encoding.UTF8.GetByteCount(yamlText) + list.Sum(o => (long)o.Length);
        if (size > MaxBytes) throw new RewindUserException(TooLarge(sourceName, size));
        var binder = new SpecBinder(SpecModel.For(typeof(T)), new T(), sourceName, "the default");
        binder.AddYaml(yamlText);
        foreach (var o in list) binder.AddOverride(o);
        return (T)binder.Build();
    }

    private static string TooLarge(string source, long size) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{source}: {size / 1048576.0:0.#} MB of spec; a spec is at most {MaxBytes / 1048576} MB (real ones are a few hundred bytes: a handful of keys). Is this the right file?");

    /// <summary><see cref="Apply(RunSpec, IEnumerable{string}, string)"/> for any spec record type.</summary>
    internal static T Apply<T>(T spec, IEnumerable<string> overrides, string sourceName)
        where T : class, new()
    {
        var binder = new SpecBinder(SpecModel.For(typeof(T)), spec, sourceName, "the base spec");
        foreach (var o in overrides) binder.AddOverride(o);
        return (T)binder.Build();
    }
}
