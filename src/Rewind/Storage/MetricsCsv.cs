using System.Text;

namespace Rewind.Storage;

/// <summary>
/// A run's <c>metrics.csv</c>: one <see cref="LevelSummary"/> per line, invariant culture, doubles in round-trip
/// format so that reading gives back exactly what was written.
/// </summary>
public static class MetricsCsv
{
    /// <summary>The header line, column for column the properties of <see cref="LevelSummary"/>.</summary>
    public const string Header = LegacyHeader +
        ",validation_accuracy,validation_loss,best_validation_accuracy,early_stop_test_accuracy,early_stop_epoch,peak_lr";

    /// <summary>The header of files written before the validation and peak columns existed (still readable).</summary>
    public const string LegacyHeader =
        "level,density,remaining_weights,prunable_weights,test_accuracy,test_loss,train_loss,train_accuracy," +
        "best_test_accuracy,epochs,steps,seconds";

    private static readonly int ColumnCount = Header.Split(',').Length;
    private static readonly int LegacyColumnCount = LegacyHeader.Split(',').Length;

    /// <summary>Atomically writes <paramref name="levels"/> to <paramref name="path"/>, in the given order.</summary>
    public static void Write(string path, IEnumerable<LevelSummary> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        foreach (var l in levels)
        {
            text.Append(Csv.Int(l.Level)).Append(',')
                .Append(Csv.Double(l.Density)).Append(',')
                .Append(Csv.Long(l.RemainingWeights)).Append(',')
                .Append(Csv.Long(l.PrunableWeights)).Append(',')
                .Append(Csv.Double(l.TestAccuracy)).Append(',')
                .Append(Csv.Double(l.TestLoss)).Append(',')
                .Append(Csv.Double(l.TrainLoss)).Append(',')
                .Append(Csv.Double(l.TrainAccuracy)).Append(',')
                .Append(Csv.Double(l.BestTestAccuracy)).Append(',')
                .Append(Csv.Int(l.Epochs)).Append(',')
                .Append(Csv.Long(l.Steps)).Append(',')
                .Append(Csv.Double(l.Seconds)).Append(',')
                .Append(Csv.Double(l.ValidationAccuracy)).Append(',')
                .Append(Csv.Double(l.ValidationLoss)).Append(',')
                .Append(Csv.Double(l.BestValidationAccuracy)).Append(',')
                .Append(Csv.Double(l.EarlyStopTestAccuracy)).Append(',')
                .Append(Csv.Int(l.EarlyStopEpoch)).Append(',')
                .Append(Csv.Double(l.PeakLearningRate)).Append('\n');
        }
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>
    /// Reads a file written by <see cref="Write"/> (or by a version before the validation and peak columns, whose
    /// missing values read as their defaults). Blank lines are ignored. A missing file, a different header, a wrong
    /// number of columns or an unparsable number raise <see cref="RewindUserException"/> naming the file and line.
    /// </summary>
    public static IReadOnlyList<LevelSummary> Read(string path)
    {
        string[] lines = Csv.ReadLines(path, "metrics");
        bool legacy = lines.Length > 0 && lines[0].Trim() == LegacyHeader;
        if (lines.Length == 0 || (lines[0].Trim() != Header && !legacy))
        {
            string found = lines.Length == 0 ? "an empty file" : $"'{lines[0].Trim()}'";
            throw new RewindUserException(
                $"{path}:1: expected the metrics.csv header '{Header}' but found {found}. " +
                "Is this a run's metrics.csv? Delete it to have it regenerated from levels/*/summary.json.");
        }

        var result = new List<LevelSummary>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            var f = new Csv.Fields(path, i + 1, lines[i], legacy ? LegacyColumnCount : ColumnCount, legacy ? LegacyHeader : Header);
            var summary = new LevelSummary(
                Level: f.Int(0, "level"),
                Density: f.Double(1, "density"),
                RemainingWeights: f.Long(2, "remaining_weights"),
                PrunableWeights: f.Long(3, "prunable_weights"),
                TestAccuracy: f.Double(4, "test_accuracy"),
                TestLoss: f.Double(5, "test_loss"),
                TrainLoss: f.Double(6, "train_loss"),
                TrainAccuracy: f.Double(7, "train_accuracy"),
                BestTestAccuracy: f.Double(8, "best_test_accuracy"),
                Epochs: f.Int(9, "epochs"),
                Steps: f.Long(10, "steps"),
                Seconds: f.Double(11, "seconds"));
            if (!legacy)
            {
                summary = summary with
                {
                    ValidationAccuracy = f.Double(12, "validation_accuracy"),
                    ValidationLoss = f.Double(13, "validation_loss"),
                    BestValidationAccuracy = f.Double(14, "best_validation_accuracy"),
                    EarlyStopTestAccuracy = f.Double(15, "early_stop_test_accuracy"),
                    EarlyStopEpoch = f.Int(16, "early_stop_epoch"),
                    PeakLearningRate = f.Double(17, "peak_lr"),
                };
            }
            result.Add(summary);
        }
        return result;
    }
}
