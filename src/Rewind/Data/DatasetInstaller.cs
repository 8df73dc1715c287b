using Rewind.Data.Download;

namespace Rewind.Data;

/// <summary>
/// Installs a dataset from its published files into the user cache (<c>~/.cache/rewind/datasets/&lt;name&gt;</c>):
/// downloads each file (resuming a partial one, verifying the published checksum), or takes them from
/// <c>--from</c> (a local archive or folder, or another address), extracts archives, and checks that the catalog now
/// finds the dataset. Failures come back as an <see cref="AcquireResult"/> whose message says what happened and the
/// exact manual steps.
/// </summary>
internal static class DatasetInstaller
{
    /// <summary>Downloads (or takes from <see cref="AcquireOptions.From"/>) and installs <paramref name="source"/>.</summary>
    /// <exception cref="RewindUserException">The <c>--from</c> path does not exist or does not fit the dataset.</exception>
    public static AcquireResult Install(DatasetSource source, AcquireOptions options)
    {
        string name = source.Name;
        if (options.Paths.CacheRoot is null)
        {
            return new AcquireResult(name, AcquireOutcome.UserActionNeeded, null,
                "There is no user cache folder to install into (neither HOME nor XDG_CACHE_HOME is set). Set one of them, or " +
                $"place the files yourself and pass --data DIR.\n{ManualSteps(source, "~/.cache/rewind/datasets/" + name)}");
        }

        string folder = Path.Combine(options.Paths.CacheRoot, name);
        Directory.CreateDirectory(folder);
        string? from = options.From;
        bool fromUrl = from is not null && IsUrl(from);
        using var downloader = new HttpDownloader(options.Http);

        foreach (RemoteFile file in source.Files)
        {
            string target = Path.Combine(folder, file.FileName);
            var (local, uncompressed) = from is null || fromUrl ? (null, false) : LocalFile(from, file, source);
            if (local is not null && uncompressed)
            {
                // An uncompressed copy of a .gz file (MNIST's IDX files): nothing published to check it against.
                File.Copy(local, Path.Combine(folder, Path.GetFileName(local)), overwrite: true);
                continue;
            }

            if (local is not null)
            {
                if (!file.Checksum.Matches(local))
                {
                    options.Log.WriteLine(
                        $"warning: '{local}' does not have the published {file.Checksum.Algorithm} of {file.FileName} " +
                        $"({file.Checksum.Hex}); using it because you gave it. If the dataset then fails to load, download the published file.");
                }

                if (file.Kind == ArchiveKind.None) File.Copy(local, target, overwrite: true);
                else Extract(local, file.Kind, folder, options.Log);
                continue;
            }

            if (File.Exists(target) && file.Checksum.Matches(target))
            {
                options.Log.WriteLine($"{file.FileName}: already downloaded ({file.Checksum.Algorithm} verified).");
            }
            else
            {
                IReadOnlyList<Uri> urls = fromUrl ? [FromUrl(from!, file, source)] : file.Urls;
                if (Fetch(downloader, file, urls, target, options) is { } failure)
                {
                    if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder); // leave no empty dataset folder
                    return Failed(source, folder, failure);
                }
            }

            if (file.Kind != ArchiveKind.None)
            {
                Extract(target, file.Kind, folder, options.Log);
                File.Delete(target); // the extracted files are what Rewind reads
            }
        }

        DatasetLocation after = DataCatalog.LocateIn(name, options.Paths);
        if (!after.Found)
        {
            return new AcquireResult(name, AcquireOutcome.Failed, null,
                $"The files of '{name}' were installed into {folder}, but the catalog still does not find the dataset there " +
                $"(looked in: {string.Join(", ", after.Searched)}). The archive does not hold what {source.Publisher} publishes; " +
                $"delete {folder} and try again.\n{ManualSteps(source, folder)}");
        }

        string how = from is null ? $"downloaded from {source.Publisher}" : $"from {from}";
        return new AcquireResult(name, AcquireOutcome.Installed, after.Directory, $"Installed '{name}' ({how}) into {after.Directory}.");
    }

    /// <summary>The exact manual steps to install <paramref name="source"/> into <paramref name="folder"/> without network access.</summary>
    public static string ManualSteps(DatasetSource source, string folder)
    {
        var lines = new List<string>
        {
            $"To install '{source.Name}' by hand:",
            "  1. On a machine with internet access, download" + (source.Files.Count > 1 ? " these files:" : ":"),
        };
        foreach (RemoteFile f in source.Files)
            lines.Add($"       {f.Urls[0]}  ({f.Checksum})");
        if (source.IsArchive)
        {
            string file = source.Files[0].FileName;
            lines.Add($"  2. Copy it to this machine and run:  rewind data get {source.Name} --from /path/to/{file}");
            lines.Add($"     (or extract it into {folder}/ yourself, or anywhere and pass --data DIR).");
        }
        else
        {
            lines.Add($"  2. Copy them into one folder on this machine and run:  rewind data get {source.Name} --from /path/to/that/folder");
            lines.Add($"     (or copy them into {folder}/ yourself, or pass --data DIR naming their folder).");
        }

        return string.Join('\n', lines);
    }

    private static DownloadException? Fetch(HttpDownloader downloader, RemoteFile file, IReadOnlyList<Uri> urls, string target, AcquireOptions options)
    {
        DownloadException? last = null;
        for (int i = 0; i < urls.Count; i++)
        {
            options.Log.WriteLine($"Downloading {urls[i]}");
            try
            {
                downloader.Download(urls[i], target, file.Checksum, options.Progress, options.Cancellation);
                options.Log.WriteLine($"{file.FileName}: {file.Checksum.Algorithm} verified.");
                return null;
            }
            catch (DownloadException e)
            {
                last = e;
                // A partial file resumes next time (from the same address first); a mismatch was deleted: try the next address.
                if (e.Failure == DownloadFailure.Interrupted) return e;
                if (i + 1 < urls.Count) options.Log.WriteLine($"  {e.Message} Trying the next address.");
            }
        }

        return last;
    }

    private static AcquireResult Failed(DatasetSource source, string folder, DownloadException e)
    {
        string steps = ManualSteps(source, folder);
        return e.Failure switch
        {
            DownloadFailure.NoNetwork => new AcquireResult(source.Name, AcquireOutcome.UserActionNeeded, null,
                $"Cannot download '{source.Name}': {e.Message} This machine seems to have no internet access.\n{steps}"),
            DownloadFailure.Interrupted => new AcquireResult(source.Name, AcquireOutcome.Failed, null, $"{e.Message}\n{steps}"),
            _ => new AcquireResult(source.Name, AcquireOutcome.Failed, null, $"Cannot download '{source.Name}': {e.Message}\n{steps}"),
        };
    }

    private static void Extract(string archive, ArchiveKind kind, string folder, TextWriter log)
    {
        log.WriteLine($"Extracting {Path.GetFileName(archive)} into {folder}");
        ArchiveExtractor.Extract(archive, kind, folder);
    }

    private static bool IsUrl(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);

    /// <summary>The address to fetch <paramref name="file"/> from when <c>--from</c> is an address: the address itself for
    /// a one-archive dataset, otherwise the folder address the files' names are appended to.</summary>
    private static Uri FromUrl(string from, RemoteFile file, DatasetSource source) =>
        source.Files.Count == 1 ? new Uri(from) : new Uri(from.TrimEnd('/') + "/" + file.FileName);

    /// <summary>The local file <c>--from</c> supplies for <paramref name="file"/>: the path itself when it is a file (a
    /// one-file dataset), or the file of that name (or without .gz) in the folder it names.</summary>
    private static (string Path, bool Uncompressed) LocalFile(string from, RemoteFile file, DatasetSource source)
    {
        string path = Path.GetFullPath(from.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), from[2..])
            : from);
        if (File.Exists(path))
        {
            if (source.Files.Count == 1) return (path, false);
            throw new RewindUserException(
                $"--from {from}: '{source.Name}' has {source.Files.Count} files ({string.Join(", ", source.Files.Select(f => f.FileName))}); " +
                "give the folder that holds them.");
        }

        if (!Directory.Exists(path))
            throw new RewindUserException($"--from {from}: no such file or folder. Give the downloaded {Describe(source)} or an http(s) address.");

        string published = Path.Combine(path, file.FileName);
        if (File.Exists(published)) return (published, false);
        string plain = Path.Combine(path, StripGz(file.FileName));
        if (plain != published && File.Exists(plain)) return (plain, true);

        throw new RewindUserException($"--from {from}: the folder has no {file.FileName}. It should hold {Describe(source)}.");
    }

    private static string Describe(DatasetSource source) =>
        source.IsArchive ? $"archive {source.Files[0].FileName}" : $"files {string.Join(", ", source.Files.Select(f => f.FileName))}";

    private static string StripGz(string name) => name.EndsWith(".gz", StringComparison.Ordinal) ? name[..^3] : name;
}
