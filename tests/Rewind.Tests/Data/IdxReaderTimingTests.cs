using System.Diagnostics;
using Rewind.Data;

namespace Rewind.Tests.Data;

/// <summary>Timing tests run alone (after the parallel ones), so other test classes do not compete for the 2 cores.</summary>
[CollectionDefinition(nameof(IdxReaderTimingTests), DisableParallelization = true)]
public sealed class IdxReaderTimingCollection;

[Collection(nameof(IdxReaderTimingTests))]
public sealed class IdxReaderTimingTests
{
    [FashionMnistFact]
    public void Fashion_mnist_train_images_load_in_well_under_a_second()
    {
        string path = DataCatalog.ResolveFiles(FashionMnistFactAttribute.SystemFolder)![0]; // train images (.gz as installed)
        IdxReader.Read(path); // warm the file cache and the JIT
        // Processor time, not wall time: other processes on a shared 2-core machine stall wall-clock reads at random,
        // while the work this read does is what the requirement is about. Best of three absorbs the odd GC pause.
        using var self = Process.GetCurrentProcess();
        TimeSpan best = TimeSpan.MaxValue;
        IdxArray? idx = null;
        for (int i = 0; i < 3 && best >= TimeSpan.FromSeconds(0.5); i++)
        {
            self.Refresh();
            TimeSpan before = self.TotalProcessorTime;
            idx = IdxReader.Read(path);
            self.Refresh();
            TimeSpan used = self.TotalProcessorTime - before;
            best = used < best ? used : best;
        }

        Assert.Equal([60000, 28, 28], idx!.Shape);
        Assert.True(best < TimeSpan.FromSeconds(1), $"best of three reads used {best.TotalMilliseconds:F0} ms of processor time");
    }
}
