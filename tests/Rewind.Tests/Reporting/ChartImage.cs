using Rewind.Reporting;
using ScottPlot;
using ScottPlot.Plottables;
using SkiaSharp;

namespace Rewind.Tests.Reporting;

/// <summary>
/// A written chart decoded back to pixels (SkiaSharp, which ScottPlot brings), for tests that check what was drawn
/// where: map data to pixels with the same chart rendered at the same size (<see cref="Plot.GetPixel(Coordinates)"/>),
/// then look for the series colour there.
/// </summary>
internal sealed class ChartImage : IDisposable
{
    private readonly SKBitmap _bitmap;

    private ChartImage(SKBitmap bitmap) => _bitmap = bitmap;

    /// <summary>Decodes the PNG at <paramref name="path"/>.</summary>
    public static ChartImage Read(string path) =>
        new(SKBitmap.Decode(File.ReadAllBytes(path)) ?? throw new InvalidDataException($"{path} is not an image"));

    /// <summary>
    /// The written PNG shows each series where its data says: the series colour at the pixel of every point (from
    /// <paramref name="first"/> on; earlier ones may be covered by a later series), and not at the pixel
    /// <paramref name="offset"/> (data units, y) away. Pixels come from <paramref name="plot"/>, the same chart rendered
    /// at the file's size.
    /// </summary>
    public static void AssertSeriesAtTheirPoints(string path, Plot plot, IEnumerable<Scatter> series, double offset, int first = 0)
    {
        foreach (var line in series)
            AssertDrawnAt(path, plot, line.Data.GetScatterPoints().Skip(first), line.Color, line.LegendText, offset, line.Axes);
    }

    /// <summary>
    /// The written PNG has <paramref name="color"/> at the pixel of every point and not <paramref name="offset"/> (data
    /// units, y) away from it; <paramref name="plot"/> is the same chart, rendered here at the file's size to map data to
    /// pixels on <paramref name="axes"/> (default: bottom and left). <paramref name="radius"/>: how far from the point's
    /// pixel to look (an open marker's ring lies its size / 2 away).
    /// </summary>
    public static void AssertDrawnAt(string path, Plot plot, IEnumerable<Coordinates> points, Color color, string what, double offset,
        IAxes? axes = null, int radius = 2)
    {
        using var image = Read(path);
        plot.RenderInMemory(image.Width, image.Height);
        var x = axes?.XAxis ?? plot.Axes.Bottom;
        var y = axes?.YAxis ?? plot.Axes.Left;
        int checkedPoints = 0;
        foreach (var point in points)
        {
            var at = plot.GetPixel(point, x, y);
            Assert.True(image.HasColorNear(at, color, radius), $"{what}: no {color} pixel at {point} ({at})");
            var away = plot.GetPixel(new Coordinates(point.X, point.Y + offset), x, y);
            Assert.False(image.HasColorNear(away, color, radius), $"{what}: {color} pixel at {away}, {offset} away from {point}");
            checkedPoints++;
        }
        Assert.True(checkedPoints > 0, $"{what}: no points to check");
    }

    /// <summary>Width in pixels.</summary>
    public int Width => _bitmap.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => _bitmap.Height;

    /// <summary>
    /// True when a pixel within <paramref name="radius"/> of <paramref name="at"/> has <paramref name="color"/>, each channel
    /// within <paramref name="tolerance"/>. The default allows for a translucent band (alpha ≤ 0.2) drawn over the
    /// line, and still tells the Category10 colours apart from each other and from their bands over white.
    /// </summary>
    public bool HasColorNear(Pixel at, Color color, int radius = 2, int tolerance = 48)
    {
        int cx = (int)Math.Round(at.X), cy = (int)Math.Round(at.Y);
        for (int y = Math.Max(0, cy - radius); y <= Math.Min(Height - 1, cy + radius); y++)
        {
            for (int x = Math.Max(0, cx - radius); x <= Math.Min(Width - 1, cx + radius); x++)
            {
                if (Matches(_bitmap.GetPixel(x, y), color, tolerance)) return true;
            }
        }
        return false;
    }

    private static bool Matches(SKColor p, Color c, int tolerance) =>
        Math.Abs(p.Red - c.R) <= tolerance && Math.Abs(p.Green - c.G) <= tolerance && Math.Abs(p.Blue - c.B) <= tolerance;

    /// <inheritdoc/>
    public void Dispose() => _bitmap.Dispose();
}
