namespace Rewind.Data.Images;

/// <summary>Whether an image dataset is decoded into memory once or streamed from disk batch by batch
/// (<c>data.stream</c>).</summary>
public enum StreamMode
{
    /// <summary>Memory when the decoded float32 examples fit <see cref="ImageDatasets.MemoryBudgetBytes"/>, otherwise disk
    /// (ImageNet, whose random resized crops need the original images, always streams).</summary>
    Auto,

    /// <summary>Decode every image once when the data is loaded; batches are then gathered from tensors.</summary>
    Memory,

    /// <summary>Decode each batch's images when the batch is taken, in parallel.</summary>
    Disk,
}
