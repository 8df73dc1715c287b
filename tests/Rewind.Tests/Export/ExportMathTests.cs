using Rewind.Export;

namespace Rewind.Tests.Export;

public class ExportMathTests
{
    [Fact]
    public void Flops_count_every_weight_per_output_position_and_nonzero_weights_separately()
    {
        using var pruned = PrunedModel.Create("conv-16-32", [3, 16, 16], 1.0);
        var (dense, nonzero) = Flops.Macs(pruned.Graph());
        // conv1 16·3·9 weights × 16·16 positions, pool to 8×8; conv2 32·16·9 × 8·8, pool to 4×4; fc 10·(32·4·4)
        Assert.Equal(16 * 3 * 9 * 256 + 32 * 16 * 9 * 64 + 10 * 512, dense);
        // the fixture empties conv1's rows 0 and 2, conv2's rows 0 and 2 and conv2's input channel 1
        long conv2Kept = (32 - 2) * (16 - 1) * 9;
        Assert.Equal((16 - 2) * 3 * 9 * 256 + conv2Kept * 64 + 10 * 512, nonzero);
    }

    [Fact]
    public void Lenet_has_266200_multiply_adds_per_example()
    {
        using var pruned = PrunedModel.Create("lenet-300-100", [1, 28, 28], 1.0);
        Assert.Equal(784 * 300 + 300 * 100 + 100 * 10, Flops.Macs(pruned.Graph()).Dense);
    }

    [Fact]
    public void Csr_holds_row_offsets_columns_and_values_and_rebuilds_the_matrix()
    {
        var t = new GraphTensor([0, 2, 0, 0, 0, 0, 3, 0, 4], [3, 3]);
        var csr = CsrMatrix.FromDense(t);
        Assert.Equal([0, 1, 1, 3], csr.RowOffsets);
        Assert.Equal([1, 0, 2], csr.ColumnIndices);
        Assert.Equal([2f, 3f, 4f], csr.Values);
        Assert.Equal(t.Data, csr.ToDense());
        Assert.Equal(4 * (4 + 3 + 3), csr.Bytes);
    }

    [Fact]
    public void A_conv_weight_is_read_as_out_by_in_times_kernel()
    {
        var w = new GraphTensor(new float[2 * 3 * 2 * 2], [2, 3, 2, 2]);
        w.Data[13] = 5; // row 1, column 1
        var csr = CsrMatrix.FromDense(w);
        Assert.Equal((2, 12), (csr.Rows, csr.Columns));
        Assert.Equal([0, 0, 1], csr.RowOffsets);
        Assert.Equal([1], csr.ColumnIndices);
    }

    [Fact]
    public void Onnx_messages_use_the_spec_field_numbers()
    {
        // AttributeProto{name=1:"axis", i=3:1, type=20:INT(2)}
        Assert.Equal(new byte[] { 0x0A, 4, (byte)'a', (byte)'x', (byte)'i', (byte)'s', 0x18, 1, 0xA0, 0x01, 2 },
            OnnxProto.IntAttribute("axis", 1).ToByteArray());
        // TensorProto{dims=1:2, data_type=2:FLOAT, name=8:"w", raw_data=9: 8 bytes}
        var t = OnnxProto.FloatTensor("w", [2], [1f, 0f]).ToByteArray();
        Assert.Equal(new byte[] { 0x08, 2, 0x10, 1, 0x42, 1, (byte)'w', 0x4A, 8, 0, 0, 0x80, 0x3F, 0, 0, 0, 0 }, t);
        // a symbolic dimension is dim_param (2), a fixed one dim_value (1)
        var info = OnnxProto.FloatValueInfo("x", ["batch", 3L]).ToByteArray();
        Assert.Contains((byte)0x12, info);
        Assert.Equal(new byte[] { 0x0A, 1, (byte)'x' }, info[..3]);
    }

    [Fact]
    public void Spread_is_the_median_and_range_of_the_rounds()
    {
        var s = Spread.Of([3.0, 1.0, 10.0, 2.0]);
        Assert.Equal((2.5, 1.0, 10.0), (s.Median, s.Min, s.Max));
        Assert.Equal([3.0, 1.0, 10.0, 2.0], s.Values);
    }
}
