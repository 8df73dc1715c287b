using Rewind.Schedules;

namespace Rewind.Tests.Schedules;

public class DurationTests
{
    [Theory]
    [InlineData("40ep", 40, 0)]
    [InlineData("1000it", 0, 1000)]
    [InlineData("2ep500it", 2, 500)]
    [InlineData(" 3EP ", 3, 0)]
    [InlineData("0", 0, 0)]
    public void Parses_epochs_and_iterations(string text, int ep, long it)
    {
        Assert.True(Duration.TryParse(text, out var d));
        Assert.Equal(new Duration(ep, it), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ep")]
    [InlineData("10")]
    [InlineData("-1ep")]
    [InlineData("1.5ep")]
    [InlineData("500it2ep")]
    public void Rejects_anything_else_with_a_user_error_naming_the_field(string text)
    {
        Assert.False(Duration.TryParse(text, out _));
        var e = Assert.Throws<RewindUserException>(() => Duration.Parse(text, "training.duration"));
        Assert.Contains("training.duration", e.Message);
    }

    [Fact]
    public void Converts_to_iterations_and_prints_canonically()
    {
        Assert.Equal(2 * 469 + 500, new Duration(2, 500).ToIterations(469));
        Assert.Equal("2ep500it", new Duration(2, 500).ToString());
        Assert.Equal("40ep", Duration.FromEpochs(40).ToString());
        Assert.Equal("0it", Duration.Zero.ToString());
    }
}
