namespace Rewind.Specs;

/// <summary>
/// Named spec files: <c>presets/&lt;name&gt;.yaml</c> in the current folder or in the Rewind checkout the program runs
/// from (e.g. <c>silo-resnet20-cifar10</c>, Paper B's ResNet-20 protocol). A preset is a plain spec file.
/// </summary>
public static class Presets
{
    /// <summary>The folders searched, in order: <c>./presets</c>, then <c>presets/</c> of the checkout holding the program.</summary>
    public static IReadOnlyList<string> Folders()
    {
        var folders = new List<string> { Path.GetFullPath("presets") };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "presets");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Rewind.slnx")))
            {
                if (!folders.Contains(candidate)) folders.Add(candidate);
                break;
            }
        }
        return folders;
    }

    /// <summary>Every preset name found, sorted.</summary>
    public static IReadOnlyList<string> Names() =>
        Folders().Where(Directory.Exists)
            .SelectMany(f => Directory.GetFiles(f, "*.yaml").Select(p => Path.GetFileNameWithoutExtension(p)))
            .Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The file of preset <paramref name="name"/>; a <see cref="RewindUserException"/> listing the presets if there is none.</summary>
    public static string PathOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var file = name.EndsWith(".yaml", StringComparison.Ordinal) ? name : name + ".yaml";
        foreach (var folder in Folders())
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path)) return path;
        }
        var names = Names();
        throw new RewindUserException(
            $"--preset: '{name}' is not a preset; " +
            (names.Count > 0 ? $"available: {string.Join(", ", names)}." : $"no presets/ folder found (looked in {string.Join(", ", Folders())}).") +
            " A preset is a spec file; `rewind run FILE.yaml` runs any spec.");
    }

    /// <summary>A spec file's path as given when it names a file (exists, has a folder part or ends in .yaml), else the file of the preset so named.</summary>
    public static string Resolve(string fileOrPreset)
    {
        ArgumentNullException.ThrowIfNull(fileOrPreset);
        return File.Exists(fileOrPreset) || fileOrPreset.Contains('/') || fileOrPreset.EndsWith(".yaml", StringComparison.Ordinal)
            ? fileOrPreset : PathOf(fileOrPreset);
    }
}
