using System.Diagnostics;
using Rewind.Pruning;
using Rewind.Specs;
using Xunit.Abstractions;
using RunApi = Rewind.Runs.Run;

namespace Rewind.Tests.Runs;

/// <summary>Runs alone: its collector thread would slow every test beside it.</summary>
[CollectionDefinition(nameof(CollectorStressTests), DisableParallelization = true)]
public sealed class CollectorStressCollection;

/// <summary>
/// TorchSharp frees tensors and scalars in their finalizers, so anything handed to libtorch without a live managed
/// reference (a temporary outside a dispose scope, a Scalar made on the fly — see <see cref="Scalars"/>) can be
/// freed while libtorch reads it. In a normal process that needs a collection, triggered by another thread, inside
/// that call: about one worker run in a hundred failed with "tensor does not have a device" or a wrong argument.
/// Here a thread forces a full collection and runs the finalizers continuously while small runs of several kinds
/// (FC and conv with BatchNorm; LRR, WR and IMP; magnitude, SynFlow and SNIP; SGD and Adam) train, stop after every epoch and resume from their
/// files, so such a bug shows in seconds. Before the scalars were rooted this failed 3 of 24 runs.
/// <c>REWIND_GC_STRESS_ROUNDS=N</c> repeats it N times (one round by default, about 20 s).
/// </summary>
[Collection(nameof(CollectorStressTests))]
public sealed class CollectorStressTests(ITestOutputHelper output)
{
    private static readonly (string Name, string Yaml)[] Specs =
    [
        ("lenet-lrr", """
            name: gc-lenet
            seed: 1
            threads: 1
            data: { name: synthetic, train_subset: 512, test_subset: 256 }
            model: { name: lenet-300-100 }
            training: { duration: 2ep, batch_size: 64 }
            optimizer: { name: sgd, lr: 0.05, momentum: 0.9, weight_decay: 0.0005 }
            schedule: { name: cosine, warmup: 4it }
            pruning: { strategy: lrr, levels: 3, rate: 0.5 }
            """),
        ("conv-bn-wr", """
            name: gc-conv
            seed: 2
            threads: 1
            data: { name: synthetic-images, train_subset: 256, test_subset: 128 }
            model: { name: conv-4-8 }
            training: { duration: 2ep, batch_size: 32 }
            optimizer: { name: sgd, lr: 0.05, momentum: 0.9 }
            schedule: { name: warmup-step, warmup: 1ep, drops: [1ep] }
            pruning: { strategy: wr, levels: 3, rate: 0.4, rewind_to: 2it }
            """),
        ("fc-adam-imp", """
            name: gc-adam
            seed: 3
            threads: 1
            data: { name: synthetic, train_subset: 512, test_subset: 256 }
            model: { name: fc-256x3 }
            training: { duration: 2ep, batch_size: 64 }
            optimizer: { name: adam, lr: 0.001 }
            schedule: { name: constant }
            pruning: { strategy: imp, levels: 3, rate: 0.5, scorer: synflow }
            """),
        ("conv-snip-lrr", """
            name: gc-snip
            seed: 4
            threads: 1
            data: { name: synthetic-images, train_subset: 256, test_subset: 128 }
            model: { name: conv-4-8 }
            training: { duration: 1ep, batch_size: 32 }
            optimizer: { name: sgd, lr: 0.05, momentum: 0.9 }
            schedule: { name: constant }
            pruning: { strategy: lrr, levels: 2, rate: 0.4, scorer: snip }
            """),
    ];

    private sealed class StopAfterEpoch(CancellationTokenSource cancel) : Rewind.Training.ITrainingObserver
    {
        public void OnEpochEnd(EpochMetrics metrics) => cancel.Cancel();
    }

    [Fact]
    public void Runs_that_stop_and_resume_survive_a_collection_at_every_moment()
    {
        int rounds = int.TryParse(Environment.GetEnvironmentVariable("REWIND_GC_STRESS_ROUNDS"), out int r) && r > 0 ? r : 1;
        using var tmp = new TempDir();
        long collections = 0;
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref collections);
            }
        })
        { IsBackground = true, Name = "collector" };
        collector.Start();

        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        try
        {
            for (int round = 1; round <= rounds; round++)
            {
                foreach (var (name, yaml) in Specs)
                {
                    string dir = tmp[$"{name}-{round}"];
                    try
                    {
                        // Stopped after every epoch and resumed, so every checkpoint and level is loaded back from its files.
                        var store = RunApi.Create(SpecLoader.FromYaml(yaml, name), dir);
                        while (true)
                        {
                            using var cancel = new CancellationTokenSource();
                            try
                            {
                                RunApi.Execute(store, new StopAfterEpoch(cancel), writeReport: true, cancellation: cancel.Token);
                                break;
                            }
                            catch (OperationCanceledException)
                            {
                                store = RunStore.Open(dir);
                            }
                        }
                    }
#pragma warning disable CA1031 // every failure is collected and reported together
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        failures.Add($"round {round} {name}: {e.GetType().Name}: {e.Message.Split('\n')[0]}\n{e.StackTrace}");
                    }
                }
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }

        output.WriteLine($"{rounds * Specs.Length} runs, {failures.Count} failed, {collections:N0} forced collections in {clock.Elapsed.TotalSeconds:F0} s");
        Assert.True(collections > 100, $"only {collections} collections were forced: the test did not stress anything");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
