using Rewind.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Rewind.Tests.Data;

/// <summary>The CIFAR augmentation: every image is an exact crop of its 4-pixel black-padded copy, mirrored or not, with
/// offsets and flips drawn per batch from (seed, level, epoch, batch index).</summary>
public sealed class CifarAugmentationTests
{
    private const int Size = 32;
    private const int Pad = 4;

    /// <summary>Images whose pixel (c, i, j) of image n is 1 + j + 100·i + 10000·c + 100000·(n % 7): positive, so never
    /// the padding value 0, and the centre pixels reveal where the crop came from.</summary>
    private static Dataset Numbered(int count)
    {
        using var scope = NewDisposeScope();
        var c = arange(3, dtype: ScalarType.Float32).view(1, 3, 1, 1).mul(10000);
        var i = arange(Size, dtype: ScalarType.Float32).view(1, 1, Size, 1).mul(100);
        var j = arange(Size, dtype: ScalarType.Float32).view(1, 1, 1, Size).add(1);
        var n = arange(count, dtype: ScalarType.Float32).remainder(7).mul(100000).view(count, 1, 1, 1);
        var x = c.add(i).add(j).add(n).contiguous();
        var y = arange(count, dtype: ScalarType.Int64).remainder(10);
        var ds = new Dataset("numbered", 10, [3, Size, Size], x.clone().MoveToOuterDisposeScope(), y.clone().MoveToOuterDisposeScope(),
            x.narrow(0, 0, 1).clone().MoveToOuterDisposeScope(), y.narrow(0, 0, 1).clone().MoveToOuterDisposeScope(), "test")
        {
            Augmentation = new RandomCropFlip(ChannelNormalization.Uniform(Normalization.None, 3)),
        };
        return ds;
    }

    /// <summary>The slow definition: pad by 4 with the fill value, cut at (dy, dx), mirror when asked.</summary>
    private static float[] Reference(float[] image, float[] fill, int dy, int dx, bool flip)
    {
        var result = new float[3 * Size * Size];
        for (int c = 0; c < 3; c++)
            for (int r = 0; r < Size; r++)
                for (int k = 0; k < Size; k++)
                {
                    int col = flip ? Size - 1 - k : k;
                    int si = r + dy - Pad, sj = col + dx - Pad;
                    bool inside = si >= 0 && si < Size && sj >= 0 && sj < Size;
                    result[(c * Size + r) * Size + k] = inside ? image[(c * Size + si) * Size + sj] : fill[c];
                }
        return result;
    }

    private static float[] Image(Tensor batch, int n) => batch[n].contiguous().data<float>().ToArray();

    [Fact]
    public void Every_image_is_an_exact_crop_of_its_padded_copy_possibly_mirrored_and_the_draws_cover_all_offsets()
    {
        using var ds = Numbered(256);
        using var perm = arange(256L);
        var (x, _) = Batches.Take(ds, perm, 0, 256, seed: 5, level: 1, epoch: 2);
        using var _x = x;
        var fill = new float[3];
        int flips = 0;
        var dyCounts = new int[2 * Pad + 1];
        for (int n = 0; n < 256; n++)
        {
            float[] original = Image(ds.TrainInputs, n), augmented = Image(x, n);
            // The centre pixel always comes from the original image: it reveals the offsets and the flip.
            float centre = augmented[16 * Size + 16] - 100000 * (n % 7);
            int si = (int)(centre - 1) / 100, sj = (int)(centre - 1) % 100;
            bool flipped = augmented[16 * Size + 17] < augmented[16 * Size + 16];
            int dy = si - 16 + Pad;
            int dx = flipped ? sj - (Size - 1 - 16) + Pad : sj - 16 + Pad;
            Assert.InRange(dy, 0, 2 * Pad);
            Assert.InRange(dx, 0, 2 * Pad);
            Assert.Equal(Reference(original, fill, dy, dx, flipped), augmented);
            flips += flipped ? 1 : 0;
            dyCounts[dy]++;
        }
        Assert.InRange(flips, 96, 160); // half of 256, ±4 standard deviations
        Assert.All(dyCounts, count => Assert.InRange(count, 10, 50)); // each of 9 offsets ≈ 28
    }

    [Fact]
    public void Same_seed_level_epoch_and_batch_give_the_same_pixels_bit_for_bit()
    {
        using var ds = Numbered(64);
        using var perm = Batches.EpochPermutation(64, seed: 3, level: 2, epoch: 1);
        var (a, ya) = Batches.Take(ds, perm, 1, 16, seed: 3, level: 2, epoch: 1);
        var (b, yb) = Batches.Take(ds, perm, 1, 16, seed: 3, level: 2, epoch: 1);
        using (a) using (b) using (ya) using (yb)
        {
            Assert.True(Same.Tensors(a, b));
            Assert.True(Same.Tensors(ya, yb));
        }
    }

    [Theory]
    [InlineData(3, 2, 1, 2)] // next batch of the same epoch
    [InlineData(3, 2, 2, 1)] // same batch index, next epoch
    [InlineData(3, 3, 1, 1)] // next level
    [InlineData(4, 2, 1, 1)] // other seed
    public void Draws_differ_across_batches_epochs_levels_and_seeds(int seed, int level, int epoch, int batch)
    {
        using var ds = Numbered(64);
        using var perm = arange(64L);
        // Same rows each time (batch index 1 vs 2 of a permutation that repeats the rows), so only the draws differ.
        using var repeated = perm.remainder(16);
        var (reference, _) = Batches.Take(ds, repeated, 1, 16, seed: 3, level: 2, epoch: 1);
        var (other, _) = Batches.Take(ds, repeated, batch, 16, seed, level, epoch);
        using (reference) using (other)
            Assert.False(Same.Tensors(reference, other));
    }

    [Fact]
    public void Without_an_augmentation_the_trainer_batch_equals_the_plain_rows()
    {
        using var ds = Numbered(32);
        ds.Augmentation = null;
        using var perm = Batches.EpochPermutation(32, seed: 1, level: 0, epoch: 0);
        var (plain, _) = Batches.Take(ds, perm, 0, 8);
        var (trainer, _) = Batches.Take(ds, perm, 0, 8, seed: 1, level: 0, epoch: 0);
        using (plain) using (trainer)
            Assert.True(Same.Tensors(plain, trainer));
    }

    [Fact]
    public void Padding_is_black_after_normalisation()
    {
        // Pixel value 1.0 everywhere; whatever a crop adds from the border is black, i.e. −mean/std per channel.
        var aug = new RandomCropFlip(ChannelNormalization.Cifar10);
        using var images = ones(64, 3, Size, Size);
        using var g = new Generator(11);
        using var result = aug.Apply(images, g);
        for (int c = 0; c < 3; c++)
        {
            using var channel = result.select(1, c);
            using var min = channel.min();
            float black = (float)(-ChannelNormalization.Cifar10.Mean[c] / ChannelNormalization.Cifar10.Std[c]);
            Assert.Equal(black, min.item<float>());
        }
    }
}
