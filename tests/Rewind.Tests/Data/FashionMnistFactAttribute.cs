using Rewind.Data;

namespace Rewind.Tests.Data;

/// <summary>
/// A <c>[Fact]</c> that needs the real Fashion-MNIST. When its files are absent the test is reported as skipped, with
/// the reason and how to install them, instead of passing without checking anything. <c>./rewind test</c> and
/// <c>.ci/run</c> install the Debian package first, so there these tests run.
/// </summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the four IDX files.</summary>
    public const string SystemFolder = DataSearchPaths.DefaultSystemRoot + "/fashion-mnist";

    /// <summary>Skips the test unless the data is available.</summary>
    /// <param name="anywhere">
    /// False: the four files must be in <see cref="SystemFolder"/> (tests of the installed package's copy). True: anywhere
    /// the data catalog searches (<c>REWIND_DATA</c>, the user cache, the system folder), as a run does.
    /// </param>
    public FashionMnistFactAttribute(bool anywhere = false) =>
        Skip = anywhere ? SkipReason(DataCatalog.Locate(DataCatalog.FashionMnist, null)) : SkipReason(SystemFolder);

    /// <summary>Null when <paramref name="folder"/> holds the four IDX files, else why the test is skipped.</summary>
    internal static string? SkipReason(string folder) =>
        DataCatalog.ResolveFiles(folder) is null
            ? $"needs Fashion-MNIST in {folder}, which does not hold its four IDX files; install it with " +
              "`./rewind data get fashion-mnist` (or apt-get install dataset-fashion-mnist)."
            : null;

    /// <summary>Null when the catalog found the dataset, else why the test is skipped (where it looked, how to obtain it).</summary>
    internal static string? SkipReason(DatasetLocation location) =>
        location.Found ? null
            : $"needs Fashion-MNIST, not found in {string.Join(", ", location.Searched)}; {location.HowToObtain}";
}
