using Rewind.Pruning;
using Rewind.Specs;

namespace Rewind.Runs;

/// <summary>
/// Runs any <see cref="Study"/>: plan (all checks before anything is written), claim the folder with its
/// <c>study.yaml</c>, prepare every run directory, let the executor run what is not finished, plan again until nothing
/// is left, compute, report. Rerunning the same study resumes it; a different study in the same folder is refused.
/// </summary>
public static class StudyRunner
{
    /// <summary>Runs (or resumes) <paramref name="study"/> as <paramref name="definition"/> in <paramref name="outDir"/>.</summary>
    /// <param name="study">The study (from the catalog).</param>
    /// <param name="definition">What to run (see <c>Study.Define</c>).</param>
    /// <param name="outDir">The study folder.</param>
    /// <param name="executor">Runs the runs (default: one after another in this process).</param>
    /// <param name="messages">Receives lines worth telling the user while the study computes.</param>
    /// <param name="cancellation">Stops between optimizer steps; rerunning the study continues it.</param>
    public static StudyOutcome Run(Study study, StudyDefinition definition, string outDir, IRunExecutor? executor = null,
        IProgress<string>? messages = null, CancellationToken cancellation = default)
    {
        executor ??= new InProcessExecutor();
        var context = Context(study, definition, outDir, executor, messages);
        var plan = study.Plan(context);
        Claim(context.Directory, definition);
        while (true)
        {
            var todo = Ordered(plan.Where(r => !r.IsComplete()).ToList());
            if (todo.Count == 0)
            {
                if (!MoreSeeds(study, context)) break;
                plan = study.Plan(context);
                continue;
            }
            foreach (var run in todo) run.Prepare();
            executor.Execute(todo, cancellation);
            var unfinished = todo.Where(r => !r.IsComplete()).ToList();
            if (unfinished.Count > 0)
                throw new RewindUserException(
                    $"{context.Directory}: {unfinished.Count} run(s) did not finish ({string.Join(", ", unfinished.Take(5).Select(r => Path.GetFileName(r.Directory)))}" +
                    $"{(unfinished.Count > 5 ? ", …" : "")}); rerun the same command to continue the study.");
            plan = study.Plan(context);
        }
        study.Compute(context);
        return new StudyOutcome(context.Directory, Report(study, context));
    }

    /// <summary>
    /// Plans <paramref name="study"/> without writing anything, so that a bad option or base spec is reported (as a
    /// <see cref="RewindUserException"/>) before a study folder is announced or a worker starts.
    /// </summary>
    public static void Check(Study study, StudyDefinition definition, string outDir)
    {
        ArgumentNullException.ThrowIfNull(study);
        _ = study.Plan(Context(study, definition, outDir));
    }

    /// <summary>
    /// With <c>--seeds auto</c>: when the comparisons of the seeds run so far need more seeds and the cap allows, records the
    /// larger seed count (the next plan adds their runs) and returns true.
    /// </summary>
    private static bool MoreSeeds(Study study, StudyContext context)
    {
        if (context.Definition.AutoSeeds is not { } rule) return false;
        int have = context.Seeds.Count;
        if (have >= rule.Cap) return false;
        int? needed = study.SeedsNeeded(context, rule.Points);
        if (needed is null || needed <= have) return false;
        int next = Math.Min(rule.Cap, needed.Value);
        context.Messages?.Report($"--seeds {rule}: the {have} seeds so far would need {needed} to detect {rule.Points} points; running {next}.");
        context.GrowSeeds(next);
        return true;
    }

    /// <summary>
    /// Plans the study, claims its folder and prepares every unfinished run known now, then hands them to
    /// <paramref name="executor"/> to submit without waiting (<c>--detach</c>). Later stages of a study that plans stage
    /// by stage are submitted by <see cref="Run"/> or by resubmitting once these have finished.
    /// </summary>
    /// <returns>The runs submitted now and the unfinished runs the scheduler already had (queued or running).</returns>
    public static SlurmSubmission Submit(Study study, StudyDefinition definition, string outDir, SlurmExecutor executor, IProgress<string>? messages = null)
    {
        ArgumentNullException.ThrowIfNull(executor);
        var context = Context(study, definition, outDir, executor, messages);
        var plan = study.Plan(context);
        Claim(context.Directory, definition);
        var todo = Ordered(plan.Where(r => !r.IsComplete()).ToList());
        foreach (var run in todo) run.Prepare();
        return executor.Submit(todo);
    }

    /// <summary>
    /// Submits again every unfinished run of the study in <paramref name="outDir"/> that the scheduler holds no queued or
    /// running task for (failed, cancelled, timed out or never started), with its recorded definition.
    /// </summary>
    public static SlurmSubmission Resubmit(Study study, string outDir, SlurmExecutor executor, IProgress<string>? messages = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        var definition = StudyDefinition.Load(outDir)
                         ?? throw new RewindUserException($"{outDir}: no {StudyDefinition.FileName}, so it is not a study folder.");
        return Submit(study, definition, outDir, executor, messages);
    }

    /// <summary>
    /// The context a study runs in: its runs get <paramref name="executor"/>'s thread count when the base spec gives none,
    /// unless the study already has run directories, whose recorded count then wins (a resumed study keeps its runs'
    /// specs, so its results stay identical whichever executor continues it).
    /// </summary>
    public static StudyContext Context(Study study, StudyDefinition definition, string outDir, IRunExecutor? executor = null,
        IProgress<string>? messages = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Study != study.Name)
            throw new ArgumentException($"The definition is of study '{definition.Study}', not '{study.Name}'.", nameof(definition));
        var context = new StudyContext(definition, outDir) { Messages = messages, DefaultThreads = executor?.ThreadsPerRun };
        if (study.BaseKind != StudyBaseKind.RunSpec || SpecLoader.FromYaml(definition.BaseYaml, "the base spec").Threads != 0) return context;
        foreach (var run in study.Plan(context))
        {
            if (!RunStore.Exists(run.Directory)) continue;
            int recorded = RunStore.Open(run.Directory).Spec.Threads;
            if (recorded == run.Spec.Threads) return context;
            messages?.Report($"The runs of this study record {recorded} thread(s) each (from its first execution); continuing with that count so that results stay identical.");
            return new StudyContext(definition, outDir) { Messages = messages, DefaultThreads = recorded };
        }
        return context;
    }

    /// <summary>Rewrites the report of the study in <paramref name="outDir"/> from its finished runs (no training).</summary>
    public static string WriteReport(Study study, string outDir)
    {
        ArgumentNullException.ThrowIfNull(study);
        var definition = StudyDefinition.Load(outDir)
                         ?? throw new RewindUserException($"{outDir}: no {StudyDefinition.FileName}, so it is not a study folder.");
        return Report(study, new StudyContext(definition, outDir));
    }

    /// <summary>Writes the report and the study's findings.</summary>
    private static string Report(Study study, StudyContext context)
    {
        var path = study.WriteReport(context);
        StudyFinding.Save(context.Directory, study.Findings(context));
        return path;
    }

    /// <summary>Records <paramref name="definition"/> in the folder's <c>study.yaml</c>; a folder holding a different study is a user error.</summary>
    public static void Claim(string outDir, StudyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var existing = StudyDefinition.Load(outDir);
        if (existing is not null && !existing.SameAs(definition))
            throw new RewindUserException(
                $"{outDir} already holds a different study (see {Path.Combine(outDir, StudyDefinition.FileName)}). Choose another --out or delete the folder.");
        Directory.CreateDirectory(outDir);
        if (existing is null) definition.Save(outDir);
    }

    /// <summary>The runs in an order where every run comes after the runs of the list it depends on (stable otherwise).</summary>
    public static IReadOnlyList<PlannedRun> Ordered(IReadOnlyList<PlannedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var byDir = runs.ToDictionary(r => Path.GetFullPath(r.Directory), StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<PlannedRun>();
        void Visit(PlannedRun run, int depth)
        {
            var key = Path.GetFullPath(run.Directory);
            if (done.Contains(key)) return;
            if (depth > runs.Count) throw new InvalidOperationException($"The plan has a dependency cycle through {key}.");
            foreach (var dep in run.DependsOn)
                if (byDir.TryGetValue(Path.GetFullPath(dep), out var d)) Visit(d, depth + 1);
            if (done.Add(key)) ordered.Add(run);
        }
        foreach (var run in runs) Visit(run, 0);
        return ordered;
    }
}

/// <summary>Where a finished study is.</summary>
/// <param name="Directory">The study folder.</param>
/// <param name="ReportPath">Its <c>report.md</c>.</param>
public sealed record StudyOutcome(string Directory, string ReportPath);
