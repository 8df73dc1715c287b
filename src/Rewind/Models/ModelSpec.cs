namespace Rewind.Models;

/// <summary>Which network.</summary>
public sealed record ModelSpec
{
    [Help("Model name (see `rewind models`): lenet-300-100, fc-<width>x<depth>, conv-<c1>-<c2>..., resnet-20, resnet-20-b, resnet-18, vgg-19.")]
    public string Name { get; init; } = "lenet-300-100";
}
