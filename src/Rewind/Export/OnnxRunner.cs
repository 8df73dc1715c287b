using Microsoft.ML.OnnxRuntime;

namespace Rewind.Export;

/// <summary>
/// An ONNX model loaded in ONNX Runtime (CPU execution provider, a fixed number of intra-op threads), run on float
/// batches: how Rewind checks an export against its own logits and times it.
/// </summary>
public sealed class OnnxRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();

    /// <summary>Loads <paramref name="model"/> (the bytes of an .onnx file) with <paramref name="threads"/> intra-op
    /// threads (0 = ONNX Runtime's default).</summary>
    public OnnxRunner(byte[] model, int threads = 1)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
        options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
        _session = new InferenceSession(model, options);
    }

    /// <summary>The output of the model's single output for <paramref name="input"/> of shape
    /// <paramref name="shape"/> (batch first), as a flat row-major array.</summary>
    public float[] Run(float[] input, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var outputs = _session.Run(_run, [_session.InputNames[0]], [value], [_session.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The model's input names.</summary>
    public IReadOnlyList<string> InputNames => _session.InputNames;

    /// <summary>The model's output names.</summary>
    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>The input's dimensions as ONNX Runtime reads them (−1 for a symbolic one).</summary>
    public IReadOnlyList<long> InputDimensions => _session.InputMetadata[_session.InputNames[0]].Dimensions.Select(d => (long)d).ToList();

    /// <inheritdoc/>
    public void Dispose()
    {
        _run.Dispose();
        _session.Dispose();
    }
}
