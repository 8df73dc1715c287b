namespace Rewind.Data.Images;

/// <summary>How an image dataset is prepared (<c>data.image_size</c>, <c>data.stream</c>); ignored by the other datasets.</summary>
/// <param name="ImageSize">Height and width of every example; 0 = the dataset's own (imagefolder 32, tiny-imagenet 64, imagenet 224).</param>
/// <param name="Stream">Memory, disk, or chosen by size.</param>
public sealed record ImageOptions(int ImageSize = 0, StreamMode Stream = StreamMode.Auto)
{
    /// <summary>The defaults: each dataset's own size, memory or disk chosen by size.</summary>
    public static ImageOptions Default { get; } = new();

    /// <summary>The names <c>data.stream</c> accepts, one per <see cref="StreamMode"/>.</summary>
    public static IReadOnlyList<string> StreamNames { get; } = Enum.GetNames<StreamMode>().Select(n => n.ToLowerInvariant()).ToArray();
}
