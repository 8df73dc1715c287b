namespace Rewind.Data;

/// <summary>Images and labels read from CIFAR binary files.</summary>
/// <param name="Pixels">Count × 3072 bytes: each image as 1024 red, then 1024 green, then 1024 blue bytes, rows top to
/// bottom (the [3, 32, 32] channel-height-width layout).</param>
/// <param name="Labels">Count class labels (for CIFAR-100 the fine label).</param>
/// <param name="Count">The number of images.</param>
public sealed record CifarRecords(byte[] Pixels, byte[] Labels, int Count);
