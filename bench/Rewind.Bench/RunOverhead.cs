using System.Diagnostics;
using System.Globalization;
using Rewind.Pruning;
using Rewind.Runs;
using Rewind.Specs;
using Rewind.Training;

namespace Rewind.Bench;

/// <summary>
/// Where one run's time goes outside its training steps (issue 11): the run executes in this process with a clock
/// observer first and every standard observer timed, so the table splits the wall time into set-up (data, network,
/// θ(0)), training steps, evaluation, checkpoints, the level start (load, prune, rewind), the final state, the level
/// records and each observer (epoch log, layer table, level statistics, signs); process start-up is timed separately as
/// <c>rewind run --resume</c> of a finished run.
/// </summary>
public static class RunOverhead
{
    /// <summary>Measures a run of <paramref name="spec"/> in <paramref name="dir"/>; returns (phase, seconds) rows, total last.</summary>
    public static IReadOnlyList<(string Phase, double Seconds)> Measure(RunSpec spec, string dir)
    {
        var store = Run.Create(spec, dir);
        var clock = new PhaseClock();
        var timed = Run.StandardObservers().Select(o => new Timed(o)).ToList();
        var total = Stopwatch.StartNew();
        clock.Start();
        LevelLoop.Run(store, new RunObservers(new ITrainingObserver[] { clock }.Concat(timed)));
        double wall = total.Elapsed.TotalSeconds;
        double Observers(string callback) => timed.Sum(t => t.Get(callback));
        double stepTime = clock.Steps > 0 ? clock.Get("training steps") / clock.Steps : 0;
        var rows = new List<(string, double)>
        {
            ("set-up: data loading, network, θ(0) saved", clock.Get("setup") - Observers("OnRunStart")),
            ("training steps (forward, backward, optimizer, mask)", clock.Get("training steps") + stepTime * (clock.Epochs - clock.Levels) - Observers("OnStep") - Observers("OnLevelStart")),
            ("evaluation (test set after every epoch)", clock.Get("evaluation")),
            ("checkpoints at epoch boundaries", clock.Get("after epoch") - stepTime * (clock.Epochs - clock.Levels) - (Observers("OnEpochEnd") - LastEpochEnds(timed))),
            ("level start: load previous end, prune, rewind", clock.Get("level start") - Observers("OnLevelReady") - Observers("OnLevelEnd")),
            ("final state of each level saved", clock.Get("final") - LastEpochEnds(timed)),
            ("level summary and metrics.csv", clock.Get("records") - Observers("OnLevelTrained")),
        };
        foreach (var t in timed) rows.Add(($"observer {t.Name}", t.Total));
        rows.Add(("other (not attributed)", wall - rows.Sum(r => r.Item2)));
        rows.Add(("total (in process)", wall));
        return rows;
    }

    /// <summary>The observers' time at the last epoch of each level, which falls between the evaluation and the final save.</summary>
    private static double LastEpochEnds(IReadOnlyList<Timed> timed) => timed.Sum(t => t.LastEpochOfLevel);

    /// <summary>Seconds of <c>rewind run --resume DIR --no-report</c> on a finished run: process start, libtorch, spec, nothing to train.</summary>
    public static double ProcessStart(string finishedRun, int rounds = 3)
    {
        var cmd = WorkerCommand.Default();
        var times = new List<double>();
        for (int i = 0; i < rounds; i++)
        {
            var info = new ProcessStartInfo(cmd.FileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in cmd.ArgumentsFor(finishedRun, 0, stopWhenInputCloses: false)) info.ArgumentList.Add(a);
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(info)!;
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        return times.Order().ElementAt(times.Count / 2);
    }

    /// <summary>Intervals between the loop's callbacks, attributed to the phase that ran in between.</summary>
    private sealed class PhaseClock : IRunObserver
    {
        private readonly Stopwatch _sw = new();
        private readonly Dictionary<string, double> _phases = [];
        private double _mark;
        private string _afterNextStep = "training steps";

        public int Steps { get; private set; }
        public int Epochs { get; private set; }
        public int Levels { get; private set; }

        public void Start()
        {
            _sw.Start();
            _mark = 0;
        }

        public double Get(string phase) => _phases.GetValueOrDefault(phase);

        private void Charge(string phase)
        {
            double now = _sw.Elapsed.TotalSeconds;
            _phases[phase] = Get(phase) + now - _mark;
            _mark = now;
        }

        public void OnRunStart(RunContext run) => Charge("setup");
        public void OnLevelReady(int level, TrainingState state, long startStep) => Charge(level == 0 ? "setup" : "level start");
        public void OnLevelStart(int level, double density, long totalSteps, long startStep, long stepsPerEpoch) => Charge("level start");

        public void OnStep(int level, long step, double learningRate)
        {
            Charge(_afterNextStep);
            _afterNextStep = "training steps";
            Steps++;
        }

        public void OnEpochEnd(EpochMetrics metrics)
        {
            Charge("evaluation");
            _afterNextStep = "after epoch";
            Epochs++;
        }

        public void OnLevelTrained(int level, TrainingState state)
        {
            Charge("final");
            _afterNextStep = "training steps";
            Levels++;
        }

        public void OnLevelEnd(LevelSummary summary) => Charge("records");
    }

    /// <summary>An observer with the time spent in each of its callbacks.</summary>
    private sealed class Timed(IRunObserver inner) : IRunObserver
    {
        private readonly Dictionary<string, double> _seconds = [];

        public string Name => inner.GetType().Name;
        public double Total => _seconds.Values.Sum();
        public double Get(string callback) => _seconds.GetValueOrDefault(callback);

        private void Time(string callback, Action action)
        {
            var sw = Stopwatch.StartNew();
            action();
            _seconds[callback] = Get(callback) + sw.Elapsed.TotalSeconds;
        }

        public void OnRunStart(RunContext run) => Time(nameof(OnRunStart), () => inner.OnRunStart(run));
        public void OnLevelReady(int level, TrainingState state, long startStep) => Time(nameof(OnLevelReady), () => inner.OnLevelReady(level, state, startStep));
        public void OnLevelStart(int level, double density, long totalSteps, long startStep, long stepsPerEpoch) =>
            Time(nameof(OnLevelStart), () => inner.OnLevelStart(level, density, totalSteps, startStep, stepsPerEpoch));
        public void OnStep(int level, long step, double learningRate) => Time(nameof(OnStep), () => inner.OnStep(level, step, learningRate));
        public double LastEpochOfLevel { get; private set; }
        private double _pending;

        public void OnEpochEnd(EpochMetrics metrics)
        {
            double before = Get(nameof(OnEpochEnd));
            Time(nameof(OnEpochEnd), () => inner.OnEpochEnd(metrics));
            _pending = Get(nameof(OnEpochEnd)) - before;
        }
        public void OnLevelTrained(int level, TrainingState state)
        {
            LastEpochOfLevel += _pending; // the epoch that ended the level: no checkpoint after it, the final save instead
            Time(nameof(OnLevelTrained), () => inner.OnLevelTrained(level, state));
        }
        public void OnLevelEnd(LevelSummary summary) => Time(nameof(OnLevelEnd), () => inner.OnLevelEnd(summary));
        public void OnMessage(string message) => inner.OnMessage(message);
    }

    /// <summary>The rows as a markdown table with each phase's share of the total.</summary>
    public static string Table(IReadOnlyList<(string Phase, double Seconds)> rows)
    {
        double total = rows[^1].Seconds;
        return "| phase | seconds | share |\n|---|---:|---:|\n" + string.Join("\n", rows.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"| {r.Phase} | {r.Seconds:0.000} | {r.Seconds / total:P1} |"))) + "\n";
    }
}
