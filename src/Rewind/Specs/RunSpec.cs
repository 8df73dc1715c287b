using Rewind.Schedules;

namespace Rewind.Specs;

/// <summary>
/// Everything that determines an iterative-pruning run. Immutable; every field has a default, so the resolved
/// spec written to <c>spec.yaml</c> of a run directory reproduces the run exactly. YAML keys and <c>--set</c>
/// keys are the snake_case property names joined with dots (<c>optimizer.weight_decay</c>).
/// </summary>
public sealed record RunSpec
{
    [Help("Name of the run; used for the default output folder.")]
    public string Name { get; init; } = "run";

    [Help("Seed every random draw flows from (initialisation, data order, random masks).")]
    [Range(0, int.MaxValue)]
    public int Seed { get; init; }

    [Help("Compute device: cpu, or cuda with a CUDA build of TorchSharp.")]
    [Choices("cpu", "cuda")]
    public string Device { get; init; } = "cpu";

    [Help("Intra-op threads; 0 = the machine's default. Results are bit-identical only for the same count.")]
    [Range(0, 1024)]
    public int Threads { get; init; }

    /// <summary>Which dataset and how much of it (YAML section <c>data</c>).</summary>
    [Help("Which dataset and how much of it.")]
    public DataSpec Data { get; init; } = new();

    /// <summary>Which network (YAML section <c>model</c>).</summary>
    [Help("Which network.")]
    public ModelSpec Model { get; init; } = new();

    /// <summary>How long each level trains and on what batches (YAML section <c>training</c>).</summary>
    [Help("How long each level trains and on what batches.")]
    public TrainingSpec Training { get; init; } = new();

    /// <summary>Optimizer and its hyperparameters (YAML section <c>optimizer</c>).</summary>
    [Help("Optimizer and its hyperparameters.")]
    public OptimizerSpec Optimizer { get; init; } = new();

    /// <summary>The learning-rate shape inside one level (YAML section <c>schedule</c>).</summary>
    [Help("The learning-rate shape inside one level.")]
    public ScheduleSpec Schedule { get; init; } = new();

    /// <summary>How the network is pruned between levels and where each level restarts from (YAML section <c>pruning</c>).</summary>
    [Help("How the network is pruned between levels and where each level restarts from.")]
    public PruningSpec Pruning { get; init; } = new();

    /// <summary>How the peak learning rate moves from level to level (YAML section <c>peak</c>; Paper B).</summary>
    [Help("How the peak learning rate moves from level to level (Paper B: fixed, SILO, adaptive).")]
    public PeakSpec Peak { get; init; } = new();
}

/// <summary>Which dataset and how much of it.</summary>
public sealed record DataSpec
{
    [Help("Dataset name (see `rewind data list`): fashion-mnist, mnist, synthetic, cifar10, cifar100, synthetic-images.")]
    public string Name { get; init; } = "fashion-mnist";

    [Help("Folder holding the dataset files; empty = search REWIND_DATA, the user cache and /usr/share/datasets.")]
    public string Dir { get; init; } = "";

    [Help("Use only the first N training examples (0 = all).")]
    [Range(0, int.MaxValue)]
    public int TrainSubset { get; init; }

    [Help("Use only the first N test examples (0 = all).")]
    [Range(0, int.MaxValue)]
    public int TestSubset { get; init; }

    [Help("Apply the dataset's training augmentation where it has one (cifar10, cifar100, synthetic-images: random crop " +
          "of the image padded by 4 black pixels + horizontal flip, seeded per batch); false = train on the stored images.")]
    public bool Augment { get; init; } = true;

    [Help("Hold out N training examples (chosen by the run's seed, after train_subset) as a validation set: levels then report validation accuracy and the early-stop test accuracy, and the Oracle picks peaks by it (0 = no validation set).")]
    [Range(0, int.MaxValue)]
    public int Validation { get; init; }
}

/// <summary>Which network.</summary>
public sealed record ModelSpec
{
    [Help("Model name (see `rewind models`): lenet-300-100, fc-<width>x<depth>[-bn], conv-2/4/6, conv-<c1>-<c2>..., alexnet, resnet-20, resnet-20-b, resnet-18, resnet-50, resnet-50-imagenet, vgg-16, vgg-19, mobilenet-v2[-<width>], densenet-<depth>, vit-tiny, vit-b-16.")]
    public string Name { get; init; } = "lenet-300-100";
}

/// <summary>How long each level trains and on what batches.</summary>
public sealed record TrainingSpec
{
    [Help("Training length of every level, e.g. \"10ep\" or \"5000it\".")]
    public Duration Duration { get; init; } = Duration.FromEpochs(10);

    [Help("Mini-batch size.")]
    [Range(1, 1 << 20)]
    public int BatchSize { get; init; } = 128;

    [Help("Batch size used for evaluation only (does not change results).")]
    [Range(1, 1 << 20)]
    public int EvalBatchSize { get; init; } = 2000;
}

/// <summary>Optimizer and its hyperparameters.</summary>
public sealed record OptimizerSpec
{
    [Help("sgd, adam or rmsprop.")]
    [Choices("sgd", "adam", "rmsprop")]
    public string Name { get; init; } = "sgd";

    [Help("Peak learning rate of the dense level 0, and of every level with peak.name fixed (SILO's ε).")]
    [Range(0, 100, MinExclusive = true)]
    public double Lr { get; init; } = 0.1;

    [Help("SGD momentum.")]
    [Range(0, 1, MaxExclusive = true)]
    public double Momentum { get; init; } = 0.9;

    [Help("Use Nesterov momentum (SGD).")]
    public bool Nesterov { get; init; }

    [Help("L2 weight decay (added to the gradient, as torch.optim.SGD/Adam do).")]
    [Range(0, 1)]
    public double WeightDecay { get; init; } = 1e-4;

    [Help("Adam beta1.")]
    [Range(0, 1, MaxExclusive = true)]
    public double Beta1 { get; init; } = 0.9;

    [Help("Adam beta2.")]
    [Range(0, 1, MaxExclusive = true)]
    public double Beta2 { get; init; } = 0.999;

    [Help("Adam and RMSprop epsilon.")]
    [Range(0, 1, MinExclusive = true)]
    public double Eps { get; init; } = 1e-8;

    [Help("RMSprop smoothing constant α of the squared-gradient average (torch default 0.99).")]
    [Range(0, 1, MaxExclusive = true)]
    public double Alpha { get; init; } = 0.99;

    [Help("RMSprop momentum (torch default 0; SGD uses momentum).")]
    [Range(0, 1, MaxExclusive = true)]
    public double RmspropMomentum { get; init; }

    [Help("Centered RMSprop: normalise by the estimated variance instead of the second moment.")]
    public bool Centered { get; init; }
}

/// <summary>The learning-rate shape inside one level (restarted at each level unless the strategy says not).</summary>
public sealed record ScheduleSpec
{
    [Help("constant, warmup-step (linear warm-up then x drop_factor at each drop), cosine (warm-up then cosine to min_lr), linear-decay, cyclical (triangle between cycle_low and the peak).")]
    [Choices("constant", "warmup-step", "cosine", "linear-decay", "cyclical")]
    public string Name { get; init; } = "constant";

    [Help("Linear warm-up length at the start of a level, e.g. \"1ep\" or \"500it\".")]
    public Duration Warmup { get; init; } = Duration.Zero;

    [Help("warmup-step: points inside a level where the LR is multiplied by drop_factor, e.g. [\"20ep\", \"30ep\"].")]
    public IReadOnlyList<Duration> Drops { get; init; } = [];

    [Help("warmup-step: factor applied at each drop.")]
    [Range(0, 1, MinExclusive = true)]
    public double DropFactor { get; init; } = 0.1;

    [Help("cosine: the floor the cosine decays to (Paper A's code uses 0.01).")]
    [Range(0, 100)]
    public double MinLr { get; init; }

    [Help("Warm up at every level (true) or only in the dense level 0 (false).")]
    public bool WarmupEveryLevel { get; init; } = true;

    [Help("linear-decay: steps over which the LR falls linearly from the peak to 0 (Paper B's b), e.g. \"63000it\"; 0 = the whole level.")]
    public Duration DecaySteps { get; init; } = Duration.Zero;

    [Help("cyclical: the low end of the triangle (Paper B's a); the high end is the level's peak LR.")]
    [Range(0, 100)]
    public double CycleLow { get; init; }

    [Help("cyclical: steps from the low end to the peak (Smith's step size, Paper B's c), e.g. \"8000it\"; required for cyclical.")]
    public Duration HalfPeriod { get; init; } = Duration.Zero;

    [Help("Set the LR once per epoch from the 0-based epoch index e, as Paper A's code does (warm-up (e+1)/W, a drop at D applies from epoch D); constant, warmup-step and cosine only; durations must be whole epochs.")]
    public bool PerEpoch { get; init; }
}

/// <summary>How the network is pruned between levels and where each level restarts from.</summary>
public sealed record PruningSpec
{
    [Help("imp (rewind to init), wr (rewind to rewind_to), lrr (keep weights, restart LR), ft (keep weights, final LR), oneshot.")]
    [Choices("imp", "wr", "lrr", "ft", "oneshot")]
    public string Strategy { get; init; } = "lrr";

    [Help("Number of pruning levels after the dense level 0.")]
    [Range(0, 200)]
    public int Levels { get; init; } = 10;

    [Help("Fraction of the remaining weights removed per level (density after level i is (1-rate)^i).")]
    [Range(0, 1, MinExclusive = true, MaxExclusive = true)]
    public double Rate { get; init; } = 0.2;

    [Help("Pruning criterion: global-magnitude, layer-magnitude, global-gradient, snip, synflow, lamp, lap, l1-filter, random, random-uniform, random-balanced, random-erk (see `rewind prune --help`).")]
    [Choices(typeof(Sparsity.ScorerCatalog), nameof(Sparsity.ScorerCatalog.Names))]
    public string Scorer { get; init; } = "global-magnitude";

    [Help("How the budget is spread over layers: auto (the scorer's own), global, per-layer, balanced, erk, structured (whole neurons/filters).")]
    [Choices("auto", "global", "per-layer", "balanced", "erk", "structured")]
    public string Scope { get; init; } = "auto";

    [Help("Training batches (of training.batch_size) the data-dependent scorers (snip, global-gradient) sum gradients over; Paper A uses one.")]
    [Range(1, 100000)]
    public int ScoreBatches { get; init; } = 1;

    [Help("SynFlow rounds per pruning step: 1 = one pass per level on the trained weights (Paper A §5.9); Tanaka et al.'s original uses 100.")]
    [Range(1, 10000)]
    public int SynflowIterations { get; init; } = 1;

    [Help("Balanced scope: no-redistribution (Paper A's code: layers smaller than the per-layer budget stay dense and the achieved density is lower) or water-filling (exact overall density).")]
    [Choices("no-redistribution", "water-filling")]
    public string BalancedVariant { get; init; } = "no-redistribution";

    [Help("ERK scope: rigl (too-dense layers made dense and the rest re-solved; exact overall density) or clamp (Paper A's code: clamp to 1, density below target).")]
    [Choices("rigl", "clamp")]
    public string ErkVariant { get; init; } = "rigl";

    [Help("wr: the point of the dense run the weights rewind to, e.g. \"500it\" or \"1ep\".")]
    public Duration RewindTo { get; init; } = Duration.Zero;

    [Help("Keep the output layer dense (open_lth's option); default prunes every Linear/Conv weight.")]
    public bool KeepOutputDense { get; init; }

    [Help("Rewind BatchNorm parameters and statistics to the rewind point at every level (Paper A, LRR on foreign masks).")]
    [Key("rewind_bn")]
    public bool RewindBatchNorm { get; init; }
}

/// <summary>
/// How the peak learning rate moves from level to level (Paper B; ALGORITHMS §6.1, §6.4). Level 0 always peaks at
/// <c>optimizer.lr</c>; the rule decides the peaks of the pruned levels.
/// </summary>
public sealed record PeakSpec
{
    [Help("fixed (optimizer.lr at every level), silo (Paper B Eq. 3: ε = optimizer.lr, an S-curve growing by delta, p = pruning.rate), list (values, one per pruned level; the Oracle records its choices so), adaptive (optimizer.lr scaled by a statistic the network shows at the end of the previous level, relative to level 0).")]
    [Choices("fixed", "silo", "list", "adaptive")]
    public string Name { get; init; } = "fixed";

    [Help("silo: δ, the growth of the peak, which tends to optimizer.lr + delta (Paper B: 0.04 for ResNet-20, 0.06 for VGG-19).")]
    [Range(0, 100)]
    public double Delta { get; init; }

    [Help("silo: q, pruned levels that keep ε before the peak grows (Paper B: 1; tune in [0, 3]).")]
    [Range(0, 1000)]
    public int Q { get; init; } = 1;

    [Help("silo: β, steepness of the S-curve (Paper B: 5; tune in [3, 6]).")]
    [Range(0, 1000, MinExclusive = true)]
    public double Beta { get; init; } = 5;

    [Help("list: the peak learning rate of pruned levels 1, 2, … (level 0 uses optimizer.lr), one value per level.")]
    [Range(0, 100, MinExclusive = true)]
    public IReadOnlyList<double> Values { get; init; } = [];

    [Help("adaptive: gradient (keep LR² × mean squared gradient of the unpruned weights at its level-0 value) or activation (Paper B Theorem 2: LR ∝ 1/√E_AA, the mean squared input activation of the pruned layers).")]
    [Choices("gradient", "activation")]
    public string Statistic { get; init; } = "gradient";

    [Help("adaptive: the smallest allowed peak, as a multiple of optimizer.lr.")]
    [Range(0, 1000, MinExclusive = true)]
    public double MinFactor { get; init; } = 1;

    [Help("adaptive: the largest allowed peak, as a multiple of optimizer.lr.")]
    [Range(0, 1000, MinExclusive = true)]
    public double MaxFactor { get; init; } = 4;
}
