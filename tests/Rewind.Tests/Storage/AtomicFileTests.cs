using Rewind.Storage;

namespace Rewind.Tests.Storage;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rewind-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_text_into_a_new_subdirectory_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(_dir, "a", "b", "x.txt");

        AtomicFile.WriteAllText(path, "héllo\n");

        Assert.Equal("héllo\n", File.ReadAllText(path));
        Assert.False(File.Exists(path + ".tmp"));
        Assert.Equal((byte)'h', File.ReadAllBytes(path)[0]); // no byte-order mark
    }

    [Fact]
    public void Replaces_existing_content()
    {
        string path = Path.Combine(_dir, "x.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3, 4]);

        AtomicFile.WriteAllBytes(path, [9]);

        Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_failing_writer_leaves_the_old_file_untouched_and_no_temporary_file()
    {
        string path = Path.Combine(_dir, "x.txt");
        AtomicFile.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(42);
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.False(File.Exists(path + ".tmp"));
    }
}
