namespace Rewind.Experiments.SingleNeuron;

/// <summary>Atomic file writes for the single-neuron report: write to a temporary name in the same folder, then rename.</summary>
internal static class SingleNeuronFiles
{
    /// <summary>Writes text (UTF-8, no BOM) atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, tmp => File.WriteAllText(tmp, text, new System.Text.UTF8Encoding(false)));

    /// <summary>Lets <paramref name="write"/> create the file under a temporary name (same extension), then moves it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, $".{Path.GetFileNameWithoutExtension(path)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(path)}");
        try
        {
            write(tmp);
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }
    }
}
