namespace Rewind.Data;

/// <summary>Where a dataset was found (or everywhere it was looked for) and how to obtain it.</summary>
/// <param name="Name">The catalog name.</param>
/// <param name="Found">Whether a folder holding all of the dataset's files was found (always true for generated data).</param>
/// <param name="Directory">The folder holding the files, or null when not found or when nothing is read from disk.</param>
/// <param name="Searched">The folders examined, in search order (up to and including the one that matched).</param>
/// <param name="HowToObtain">What the user can do to make the dataset available.</param>
public sealed record DatasetLocation(string Name, bool Found, string? Directory, IReadOnlyList<string> Searched, string HowToObtain);
