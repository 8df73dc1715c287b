using Rewind.Data;
using Rewind.Pruning;
using Rewind.Schedules;
using Rewind.Specs;
using Rewind.Tests.Data;
using Rewind.Training;

namespace Rewind.Tests.Pruning;

public class FashionMnistRunTests
{
    private sealed class Silent : ITrainingObserver;

    [FashionMnistFact(anywhere: true)]
    public void One_epoch_of_lenet_on_real_fashion_mnist_is_well_above_chance()
    {
        using var tmp = new TempDir();
        var spec = RunValidation.Resolve(new RunSpec
        {
            Name = "fmnist-smoke",
            Threads = 2,
            Data = new DataSpec { Name = "fashion-mnist" },
            Training = new TrainingSpec { Duration = Duration.FromEpochs(1) },
            Optimizer = new OptimizerSpec { Lr = 0.05 },
            Pruning = new PruningSpec { Levels = 0 },
        });
        var summaries = TestRuns.Execute(RunStore.Create(tmp["run"], spec), new Silent());
        Assert.Single(summaries);
        Assert.True(summaries[0].TestAccuracy > 0.75, $"test accuracy after one epoch was {summaries[0].TestAccuracy:P1} (chance is 10%)");
        Assert.Equal(266_200, summaries[0].PrunableWeights);
    }
}
