namespace Rewind.Models;

/// <summary>A concrete model of the catalog with the data it is meant for (what <c>rewind models</c> and the speed
/// table list): the dataset, the shape of one input example and the number of classes.</summary>
public sealed record ModelExample(string Name, string Data, long[] InputShape, int Classes);
