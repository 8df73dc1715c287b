using Rewind.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Storage;

public class SafeTensorsTests
{
    [Fact]
    public void Round_trips_tensors_of_several_dtypes_and_metadata()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rewind-st-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var a = randn(3, 4);
            using var b = tensor(new long[] { 1, -2, 3 });
            using var c = tensor(new byte[] { 0, 1, 1 });
            using var d = tensor(new[] { 1.5, 2.5 });
            SafeTensors.Save(path, [new("a", a), new("b", b), new("c", c), new("d", d)], new Dictionary<string, string> { ["k"] = "v" });
            var (t, meta) = SafeTensors.Load(path);
            Assert.Equal("v", meta["k"]);
            Assert.True(t["a"].eq(a).all().item<bool>());
            Assert.True(t["b"].eq(b).all().item<bool>());
            Assert.True(t["c"].eq(c).all().item<bool>());
            Assert.True(t["d"].eq(d).all().item<bool>());
            Assert.Equal(new long[] { 3, 4 }, t["a"].shape);
            // The data section starts 8-byte aligned, as the format recommends.
            Assert.Equal(0, BitConverter.ToInt64(File.ReadAllBytes(path), 0) % 8);
            foreach (var x in t.Values) x.Dispose();
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_truncated_file_is_a_user_error_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rewind-st-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var a = randn(100);
            SafeTensors.Save(path, [new("a", a)]);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);
            var e = Assert.Throws<RewindUserException>(() => SafeTensors.Load(path));
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }
}
