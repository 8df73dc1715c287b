using Rewind.Data.Download;
using Rewind.Data.Images;

namespace Rewind.Data;

/// <summary>Makes a dataset available (<c>rewind data get NAME</c>): Fashion-MNIST through the Debian package
/// <c>dataset-fashion-mnist</c> when running as root (unless <see cref="AcquireOptions.Download"/>); MNIST,
/// Fashion-MNIST, CIFAR-10, CIFAR-100 and Tiny ImageNet by downloading their published files into the user cache
/// (resumable, checksum-verified, extracted; see <see cref="DatasetInstaller"/>) or from a file the user already has
/// (<see cref="AcquireOptions.From"/>); otherwise by telling the user exactly what to run or where to put the files.</summary>
public static class DatasetAcquirer
{
    /// <summary>The Debian package that installs Fashion-MNIST into /usr/share/datasets/fashion-mnist.</summary>
    public const string FashionMnistPackage = "dataset-fashion-mnist";

    // apt-get output that means the package lists are stale or missing (fixed by `apt-get update`).
    private static readonly string[] StaleListMarkers =
    [
        "Unable to locate package", "has no installation candidate", "Failed to fetch", "404  Not Found", "404 Not Found",
        "Unable to fetch some archives", "run apt-get update",
    ];

    private static readonly Dictionary<string, string> AptEnvironment = new() { ["DEBIAN_FRONTEND"] = "noninteractive" };

    /// <summary>Obtains dataset <paramref name="name"/> for this process (real apt-get, real search paths), streaming progress
    /// and apt's output to <paramref name="log"/>; the returned message is for the caller to print.</summary>
    /// <exception cref="RewindUserException">The name is not in the catalog.</exception>
    public static AcquireResult Get(string name, TextWriter log) => Get(name, new AcquireOptions { Log = log });

    /// <summary>Obtains dataset <paramref name="name"/> with an explicit process runner, root check (null = ask the
    /// system) and search paths, never downloading (apt-get only; the other datasets get instructions).</summary>
    /// <exception cref="RewindUserException">The name is not in the catalog.</exception>
    public static AcquireResult Get(string name, TextWriter log, IProcessRunner runner, Func<bool>? isRoot, DataSearchPaths paths)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(paths);
        return Get(name, new AcquireOptions { Log = log, Runner = runner, IsRoot = isRoot, Paths = paths, Sources = _ => null });
    }

    /// <summary>Obtains dataset <paramref name="name"/> as <paramref name="options"/> say: already there, from
    /// <c>--from</c>, through apt (Fashion-MNIST as root), or downloaded from where it is published.</summary>
    /// <exception cref="RewindUserException">The name is not in the catalog, or <c>--from</c> names nothing usable.</exception>
    public static AcquireResult Get(string name, AcquireOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        TextWriter log = options.Log;
        IProcessRunner runner = options.Runner;
        DataSearchPaths paths = options.Paths;

        DatasetLocation location = DataCatalog.LocateIn(name, paths);
        if (DataCatalog.IsGenerated(location.Name))
        {
            return new AcquireResult(location.Name, AcquireOutcome.NothingToObtain, null,
                $"'{location.Name}' needs nothing: it is generated in memory from the run's seed.");
        }

        if (location.Found)
        {
            return new AcquireResult(location.Name, AcquireOutcome.AlreadyPresent, location.Directory,
                $"'{location.Name}' is already available in {location.Directory}." +
                (options.From is null ? "" : $" Nothing was taken from {options.From}; delete that folder first to replace it."));
        }

        DatasetSource? source = options.Sources(location.Name);
        if (options.From is not null)
        {
            if (source is null)
            {
                throw new RewindUserException(
                    $"--from: Rewind does not know the published files of '{location.Name}', so it cannot install them from " +
                    $"{options.From}. {location.HowToObtain}");
            }

            return DatasetInstaller.Install(source, options);
        }

        if (location.Name == DataCatalog.FashionMnist && !options.Download)
        {
            Func<bool> isRoot = options.IsRoot ?? (() => IsRoot(runner));
            if (source is null || (isRoot() && runner.Exists("apt-get")))
            {
                var viaApt = InstallFashionMnist(location, log, runner, isRoot, paths);
                if (viaApt.Available || source is null) return viaApt;
                log.WriteLine($"apt-get could not install {FashionMnistPackage}; downloading the files instead.");
            }
            else
            {
                log.WriteLine($"The Debian package {FashionMnistPackage} needs root and apt-get; downloading the files instead.");
            }
        }

        if (source is not null)
        {
            AcquireResult downloaded = DatasetInstaller.Install(source, options);
            return downloaded.Available || location.Name != DataCatalog.FashionMnist
                ? downloaded
                : downloaded with { Message = $"{downloaded.Message}\nOr, as root: apt-get install {FashionMnistPackage}" };
        }

        if (ImageDatasets.Contains(location.Name))
        {
            return new AcquireResult(location.Name, AcquireOutcome.UserActionNeeded, null,
                $"{location.HowToObtain} Looked in: {string.Join(", ", location.Searched)}.");
        }

        if (location.Name is DataCatalog.Cifar10 or DataCatalog.Cifar100)
        {
            return new AcquireResult(location.Name, AcquireOutcome.UserActionNeeded, null,
                $"{location.HowToObtain} Looked in: {string.Join(", ", location.Searched)}.");
        }

        if (location.Name != DataCatalog.FashionMnist)
        {
            return new AcquireResult(location.Name, AcquireOutcome.UserActionNeeded, null,
                $"Rewind does not download '{location.Name}'; you supply its files. Put the four IDX files " +
                $"({string.Join(", ", DataCatalog.IdxFileNames)}; .gz or not) in one folder and pass --data DIR " +
                $"(or set data.dir or {DataSearchPaths.EnvironmentVariable}), or copy them to " +
                $"{CacheFolder(paths, location.Name)}. Looked in: {string.Join(", ", location.Searched)}.");
        }

        return InstallFashionMnist(location, log, runner, options.IsRoot ?? (() => IsRoot(runner)), paths);
    }

    /// <summary>Whether this process runs as root (user name "root", or <c>id -u</c> prints 0).</summary>
    public static bool IsRoot(IProcessRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (Environment.UserName == "root")
        {
            return true;
        }

        if (!runner.Exists("id"))
        {
            return false;
        }

        ProcessResult id = runner.Run("id", ["-u"], TextWriter.Null);
        return id.Succeeded && id.Output.Trim() == "0";
    }

    private static AcquireResult InstallFashionMnist(DatasetLocation location, TextWriter log, IProcessRunner runner,
        Func<bool> isRoot, DataSearchPaths paths)
    {
        string name = location.Name;
        string elsewhere =
            $"Alternatively place the four IDX files ({string.Join(", ", DataCatalog.IdxFileNames)}; .gz or not) in a " +
            "folder and pass --data DIR.";
        if (!isRoot())
        {
            return new AcquireResult(name, AcquireOutcome.UserActionNeeded, null,
                $"'{name}' was not found (looked in: {string.Join(", ", location.Searched)}). Rewind installs it only when " +
                $"run as root. Run:\n  sudo apt-get install {FashionMnistPackage}\nthen `rewind data list` to check. {elsewhere}");
        }

        if (!runner.Exists("apt-get"))
        {
            return new AcquireResult(name, AcquireOutcome.UserActionNeeded, null,
                $"'{name}' was not found (looked in: {string.Join(", ", location.Searched)}) and this system has no apt-get " +
                $"to install the Debian package {FashionMnistPackage}. {elsewhere}");
        }

        string[] install = ["install", "-y", FashionMnistPackage];
        log.WriteLine($"Installing {name}: apt-get {string.Join(' ', install)}");
        ProcessResult result = runner.Run("apt-get", install, log, AptEnvironment);
        if (!result.Succeeded && LooksStale(result.Output))
        {
            log.WriteLine("apt-get could not find the package; refreshing the package lists: apt-get update");
            ProcessResult update = runner.Run("apt-get", ["update"], log, AptEnvironment);
            if (!update.Succeeded)
            {
                return new AcquireResult(name, AcquireOutcome.Failed, null,
                    $"`apt-get update` failed (exit code {update.ExitCode}); see its output above. Fix the apt sources or " +
                    $"network, then run `apt-get install {FashionMnistPackage}`. {elsewhere}");
            }

            log.WriteLine($"Retrying: apt-get {string.Join(' ', install)}");
            result = runner.Run("apt-get", install, log, AptEnvironment);
        }

        if (!result.Succeeded)
        {
            return new AcquireResult(name, AcquireOutcome.Failed, null,
                $"`apt-get install -y {FashionMnistPackage}` failed (exit code {result.ExitCode}); see its output above. " +
                $"Check that the package is available in the configured apt sources (apt-cache policy {FashionMnistPackage}). " +
                elsewhere);
        }

        DatasetLocation after = DataCatalog.LocateIn(name, paths);
        if (!after.Found)
        {
            return new AcquireResult(name, AcquireOutcome.Failed, null,
                $"apt-get installed {FashionMnistPackage}, but its files are still not found (looked in: " +
                $"{string.Join(", ", after.Searched)}). Check `dpkg -L {FashionMnistPackage}`. {elsewhere}");
        }

        return new AcquireResult(name, AcquireOutcome.Installed, after.Directory,
            $"Installed '{name}' (package {FashionMnistPackage}) into {after.Directory}.");
    }

    private static bool LooksStale(string output) =>
        StaleListMarkers.Any(m => output.Contains(m, StringComparison.OrdinalIgnoreCase));

    private static string CacheFolder(DataSearchPaths paths, string name) =>
        paths.CacheRoot is null ? $"~/.cache/rewind/datasets/{name}" : Path.Combine(paths.CacheRoot, name);
}
