namespace Rewind.Export;

/// <summary>
/// Compressed sparse row form of a matrix (as <c>torch.sparse_csr_tensor(crow_indices, col_indices, values, size)</c>
/// and scipy's <c>csr_matrix</c>): the nonzero values row by row, their column indices, and per row the offset of
/// its first value (rows + 1 entries). A weight of more than two dimensions is read as [out, in·kh·kw].
/// </summary>
/// <param name="Rows">Number of rows.</param>
/// <param name="Columns">Number of columns.</param>
/// <param name="RowOffsets">crow_indices: rows + 1 offsets into <paramref name="Values"/>.</param>
/// <param name="ColumnIndices">col_indices: the column of each value.</param>
/// <param name="Values">The nonzero values, row-major.</param>
public sealed record CsrMatrix(long Rows, long Columns, int[] RowOffsets, int[] ColumnIndices, float[] Values)
{
    /// <summary>The CSR form of <paramref name="t"/> viewed as [shape[0], rest].</summary>
    public static CsrMatrix FromDense(GraphTensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        long rows = t.Shape[0], cols = t.Count / rows;
        var offsets = new int[rows + 1];
        var columns = new List<int>();
        var values = new List<float>();
        for (long r = 0; r < rows; r++)
        {
            for (long c = 0; c < cols; c++)
            {
                float v = t.Data[r * cols + c];
                if (v == 0f) continue;
                columns.Add((int)c);
                values.Add(v);
            }
            offsets[r + 1] = values.Count;
        }
        return new CsrMatrix(rows, cols, offsets, [.. columns], [.. values]);
    }

    /// <summary>The dense row-major matrix again.</summary>
    public float[] ToDense()
    {
        var dense = new float[Rows * Columns];
        for (long r = 0; r < Rows; r++)
            for (int i = RowOffsets[r]; i < RowOffsets[r + 1]; i++)
                dense[r * Columns + ColumnIndices[i]] = Values[i];
        return dense;
    }

    /// <summary>Bytes of the three arrays (int32 indices, float32 values).</summary>
    public long Bytes => 4L * (RowOffsets.Length + ColumnIndices.Length + Values.Length);
}
