namespace Rewind.Models;

/// <summary>Which network.</summary>
public sealed record ModelSpec
{
    [Help("Model name: a family of `rewind models`, e.g. lenet-300-100, fc-256x3, conv-16-32, resnet-20.")]
    public string Name { get; init; } = "lenet-300-100";
}
