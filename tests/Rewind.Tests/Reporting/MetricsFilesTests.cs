using Rewind.Pruning;
using Rewind.Reporting;
using Rewind.Storage;
using Rewind.Training;

namespace Rewind.Tests.Reporting;

public sealed class MetricsFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rewind-metrics-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly LevelSummary[] Levels =
    [
        new(0, 1.0, 266_200, 266_200, 0.9812, 0.0612, 0.01, 0.9971, 0.9830, 10, 4690, 61.25),
        new(1, 0.8, 212_960, 266_200, 0.1 + 0.2, double.NaN, 1e-300, 1.0 / 3.0, 0.9841, 10, 4690, 59.5,
            ValidationAccuracy: 0.97, ValidationLoss: 0.08, BestValidationAccuracy: 0.975, EarlyStopTestAccuracy: 0.9835,
            EarlyStopEpoch: 7, PeakLearningRate: 0.0321324546),
    ];

    [Fact]
    public void Metrics_csv_has_the_documented_header_and_invariant_round_trip_numbers()
    {
        string path = Path.Combine(_dir, "metrics.csv");

        MetricsCsv.Write(path, Levels);

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(
            "level,density,remaining_weights,prunable_weights,test_accuracy,test_loss,train_loss,train_accuracy,best_test_accuracy,epochs,steps,seconds," +
            "validation_accuracy,validation_loss,best_validation_accuracy,early_stop_test_accuracy,early_stop_epoch,peak_lr",
            lines[0]);
        Assert.Equal("0,1,266200,266200,0.9812,0.0612,0.01,0.9971,0.983,10,4690,61.25,NaN,NaN,NaN,NaN,0,NaN", lines[1]);
        Assert.Equal("1,0.8,212960,266200,0.30000000000000004,NaN,1E-300,0.3333333333333333,0.9841,10,4690,59.5,0.97,0.08,0.975,0.9835,7,0.0321324546", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void Metrics_csv_written_before_the_validation_and_peak_columns_still_reads_with_their_defaults()
    {
        string path = Path.Combine(_dir, "metrics.csv");
        File.WriteAllText(path,
            "level,density,remaining_weights,prunable_weights,test_accuracy,test_loss,train_loss,train_accuracy,best_test_accuracy,epochs,steps,seconds\n" +
            "0,1,266200,266200,0.9812,0.0612,0.01,0.9971,0.983,10,4690,61.25\n");

        var read = Assert.Single(MetricsCsv.Read(path));

        Assert.Equal(Levels[0], read);
        Assert.True(double.IsNaN(read.EarlyStopTestAccuracy));
        Assert.True(double.IsNaN(read.PeakLearningRate));
    }

    [Fact]
    public void Metrics_csv_reads_back_exactly_what_was_written()
    {
        string path = Path.Combine(_dir, "metrics.csv");

        MetricsCsv.Write(path, Levels);
        var read = MetricsCsv.Read(path);

        Assert.Equal(Levels, read); // record equality: NaN equals NaN, 0.1 + 0.2 keeps its last bit
    }

    [Fact]
    public void Metrics_csv_with_a_bad_number_names_file_line_and_column()
    {
        string path = Path.Combine(_dir, "metrics.csv");
        MetricsCsv.Write(path, Levels);
        string[] lines = File.ReadAllLines(path);
        lines[2] = "1,zero-point-eight" + lines[2][lines[2].IndexOf(",212960", StringComparison.Ordinal)..];
        File.WriteAllLines(path, lines);

        var e = Assert.Throws<RewindUserException>(() => MetricsCsv.Read(path));

        Assert.Contains($"{path}:3", e.Message, StringComparison.Ordinal);
        Assert.Contains("density", e.Message, StringComparison.Ordinal);
        Assert.Contains("zero-point-eight", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_csv_with_a_truncated_line_names_file_and_line()
    {
        string path = Path.Combine(_dir, "metrics.csv");
        MetricsCsv.Write(path, Levels);
        File.AppendAllText(path, "2,0.64,170368\n");

        var e = Assert.Throws<RewindUserException>(() => MetricsCsv.Read(path));

        Assert.Contains($"{path}:4", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected 18", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_csv_with_another_header_is_rejected()
    {
        string path = Path.Combine(_dir, "metrics.csv");
        File.WriteAllText(path, "strategy,level\nimp,0\n");

        var e = Assert.Throws<RewindUserException>(() => MetricsCsv.Read(path));

        Assert.Contains($"{path}:1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_metrics_csv_is_a_user_error_naming_the_file()
    {
        string path = Path.Combine(_dir, "nope", "metrics.csv");

        var e = Assert.Throws<RewindUserException>(() => MetricsCsv.Read(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    private static readonly EpochMetrics[] Epochs =
    [
        new(0, 1, 469, 0.1, 0.35, 0.9, 0.2, 0.94, 6.5),
        new(0, 2, 938, 0.1 / 3, double.NaN, 0.95, double.PositiveInfinity, 0.97, 6.25),
    ];

    [Fact]
    public void Epoch_jsonl_writes_one_snake_case_object_per_line()
    {
        string path = Path.Combine(_dir, "levels", "00", "metrics.jsonl");

        EpochMetricsJsonl.Write(path, Epochs);

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.Equal(
            """{"level":0,"epoch":1,"step":469,"learning_rate":0.1,"train_loss":0.35,"train_accuracy":0.9,"test_loss":0.2,"test_accuracy":0.94,"seconds":6.5,"validation_loss":"NaN","validation_accuracy":"NaN"}""",
            lines[0]);
    }

    [Fact]
    public void Epoch_jsonl_reads_back_exactly_what_was_written_including_nan()
    {
        string path = Path.Combine(_dir, "metrics.jsonl");

        EpochMetricsJsonl.Write(path, Epochs);

        Assert.Equal(Epochs, EpochMetricsJsonl.Read(path));
    }

    [Theory]
    [InlineData("""{"level":0,"epoch":3,"step":1407,"learning_rate":0.1""")] // cut off mid-object
    [InlineData("""{"level":0,"epoch":3}""")]                                // fields missing
    [InlineData("null")]
    public void Epoch_jsonl_with_a_damaged_line_names_file_and_line(string badLine)
    {
        string path = Path.Combine(_dir, "metrics.jsonl");
        EpochMetricsJsonl.Write(path, Epochs);
        File.AppendAllText(path, badLine + "\n");

        var e = Assert.Throws<RewindUserException>(() => EpochMetricsJsonl.Read(path));

        Assert.Contains($"{path}:3", e.Message, StringComparison.Ordinal);
    }
}
