using Customizable.Vlm.Onnx.Graph.Proto;
using Google.Protobuf;

namespace Customizable.Vlm.Onnx.Graph;

/// <summary>
/// Edits the interface of a serialized ONNX graph: exposes intermediate values as outputs and makes the batch
/// dimension symbolic. Only the handful of fields declared in <c>onnx_subset.proto</c> are parsed; every other byte
/// (weights, attributes, opsets, metadata) is carried along as protobuf unknown fields and written back unchanged.
/// </summary>
internal sealed class OnnxGraphEditor
{
    /// <summary>The symbolic name given to the batch dimension.</summary>
    public const string BatchDimensionName = "N";

    private readonly ModelProto _model;
    private readonly GraphProto _graph;

    private OnnxGraphEditor(ModelProto model)
    {
        _model = model;
        _graph = model.Graph ?? throw new OnnxGraphException("The ONNX model has no graph.");
    }

    /// <summary>Gets the names of the graph inputs that are fed by the caller (initializers excluded).</summary>
    public IReadOnlyList<string> InputNames
    {
        get
        {
            var initializers = InitializerNames();
            return _graph.Input.Select(i => i.Name).Where(n => !initializers.Contains(n)).ToArray();
        }
    }

    /// <summary>Gets the names of the current graph outputs.</summary>
    public IReadOnlyList<string> OutputNames => _graph.Output.Select(o => o.Name).ToArray();

    /// <summary>Gets the names of all values produced by nodes, in graph order.</summary>
    public IReadOnlyList<string> NodeOutputNames =>
        _graph.Node.SelectMany(n => n.Output).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Parses a serialized model.</summary>
    /// <param name="model">The ONNX model bytes.</param>
    /// <returns>An editor over a private copy of the model.</returns>
    public static OnnxGraphEditor Load(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelProto parsed;
        try
        {
            parsed = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new OnnxGraphException("The bytes are not a valid ONNX model.", ex);
        }

        return new OnnxGraphEditor(parsed);
    }

    /// <summary>
    /// Replaces the graph outputs with <paramref name="names"/>, in that order. Names of existing outputs keep their
    /// declaration; other names must be produced by a node. Outputs that are not requested are dropped, so ONNX Runtime
    /// prunes the nodes that only fed them (for example a classifier head).
    /// </summary>
    /// <param name="names">Names of the values to expose.</param>
    /// <exception cref="OnnxGraphException">A name is not produced by the graph; the message lists the candidates.</exception>
    public void SetOutputs(IReadOnlyList<string> names)
    {
        var outputs = ResolveOutputs(names);
        _graph.Output.Clear();
        _graph.Output.AddRange(outputs);
    }

    /// <summary>Appends <paramref name="names"/> to the graph outputs (names already exposed are skipped).</summary>
    /// <param name="names">Names of the values to expose.</param>
    /// <exception cref="OnnxGraphException">A name is not produced by the graph; the message lists the candidates.</exception>
    public void AddOutputs(IReadOnlyList<string> names)
    {
        var existing = new HashSet<string>(_graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        _graph.Output.AddRange(ResolveOutputs(names).Where(o => existing.Add(o.Name)));
    }

    /// <summary>
    /// Makes dimension 0 of every caller-fed input and of every output symbolic (<see cref="BatchDimensionName"/>), so
    /// sessions accept batches of any size. Declarations without a shape are left alone (ONNX Runtime infers them).
    /// </summary>
    public void MakeBatchDimensionSymbolic()
    {
        var initializers = InitializerNames();
        var fixedBatchSizes = new HashSet<long>();
        foreach (var input in _graph.Input.Where(i => !initializers.Contains(i.Name)))
        {
            var first = FirstDimension(input);
            if (first is { HasDimValue: true })
            {
                fixedBatchSizes.Add(first.DimValue);
            }

            MakeFirstDimensionSymbolic(input);
        }

        // Intermediate declarations recorded for the old fixed batch would contradict the new one: their first
        // dimension becomes unknown (not "N", which would claim equality) and ONNX Runtime infers it again.
        foreach (var value in _graph.ValueInfo)
        {
            var first = FirstDimension(value);
            if (first is { HasDimValue: true } && fixedBatchSizes.Contains(first.DimValue))
            {
                first.ClearValue();
            }
        }

        foreach (var output in _graph.Output)
        {
            MakeFirstDimensionSymbolic(output);
        }
    }

    /// <summary>
    /// Removes the nodes whose outputs no graph output needs (for example a classifier head and the stages after the requested
    /// feature maps), and the initializers only they read. ONNX Runtime would otherwise still run them: ResNet18's layer4 and
    /// pooling are about a fifth of its work when only layer2 and layer3 are wanted.
    /// </summary>
    /// <returns>The number of nodes removed.</returns>
    public int PruneUnusedNodes()
    {
        var needed = new HashSet<string>(_graph.Output.Select(o => o.Name), StringComparer.Ordinal);
        var keep = new bool[_graph.Node.Count];
        for (int i = _graph.Node.Count - 1; i >= 0; i--)
        {
            NodeProto node = _graph.Node[i];
            if (node.Output.Any(needed.Contains))
            {
                keep[i] = true;
                foreach (string input in node.Input)
                {
                    needed.Add(input);
                }
            }
        }

        var kept = _graph.Node.Where((_, i) => keep[i]).ToList();
        int removed = _graph.Node.Count - kept.Count;
        if (removed == 0)
        {
            return 0;
        }

        _graph.Node.Clear();
        _graph.Node.AddRange(kept);
        var unusedInitializers = new HashSet<string>(_graph.Initializer.Select(t => t.Name).Where(n => !needed.Contains(n)), StringComparer.Ordinal);
        var initializers = _graph.Initializer.Where(t => !unusedInitializers.Contains(t.Name)).ToList();
        _graph.Initializer.Clear();
        _graph.Initializer.AddRange(initializers);
        var inputs = _graph.Input.Where(i => !unusedInitializers.Contains(i.Name)).ToList();
        _graph.Input.Clear();
        _graph.Input.AddRange(inputs);
        var valueInfo = _graph.ValueInfo.Where(v => needed.Contains(v.Name)).ToList();
        _graph.ValueInfo.Clear();
        _graph.ValueInfo.AddRange(valueInfo);
        return removed;
    }

    /// <summary>
    /// Declares the spatial size (dimensions 2 and 3 of an NCHW input) the caller will feed, for fully convolutional
    /// backbones whose export fixed them. Intermediate and output declarations lose their recorded spatial sizes (they
    /// become unknown and ONNX Runtime infers them again), so a graph exported at 224 x 224 runs at, for example, 320 x 320.
    /// </summary>
    /// <param name="inputName">The NCHW image input.</param>
    /// <param name="height">Input height in pixels (at least 1).</param>
    /// <param name="width">Input width in pixels (at least 1).</param>
    /// <returns><see langword="true"/> when a declared size changed; <see langword="false"/> when it already matched.</returns>
    /// <exception cref="OnnxGraphException">The input does not exist or is not declared as rank 4.</exception>
    public bool SetInputSpatialSize(string inputName, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var input = _graph.Input.FirstOrDefault(i => i.Name == inputName)
            ?? throw new OnnxGraphException($"The graph has no input named '{inputName}'.", InputNames);
        var shape = input.Type?.TensorType?.Shape;
        if (shape is null || shape.Dim.Count != 4)
        {
            throw new OnnxGraphException($"Input '{inputName}' is not declared as an NCHW tensor of rank 4.", InputNames);
        }

        if (shape.Dim[2].HasDimValue && shape.Dim[2].DimValue == height && shape.Dim[3].HasDimValue && shape.Dim[3].DimValue == width)
        {
            return false;
        }

        shape.Dim[2].DimValue = height;
        shape.Dim[3].DimValue = width;
        foreach (var value in _graph.ValueInfo.Concat(_graph.Output))
        {
            var dims = value.Type?.TensorType?.Shape?.Dim;
            if (dims is { Count: 4 })
            {
                dims[2].ClearValue();
                dims[3].ClearValue();
            }
        }

        return true;
    }

    /// <summary>Serializes the (possibly edited) model.</summary>
    /// <returns>The ONNX model bytes.</returns>
    public byte[] ToByteArray() => _model.ToByteArray();

    private static TensorShapeProto.Types.Dimension? FirstDimension(ValueInfoProto value)
    {
        var shape = value.Type?.TensorType?.Shape;
        return shape is null || shape.Dim.Count == 0 ? null : shape.Dim[0];
    }

    private static void MakeFirstDimensionSymbolic(ValueInfoProto value)
    {
        var first = FirstDimension(value);
        if (first is not null)
        {
            first.DimParam = BatchDimensionName;
        }
    }

    private HashSet<string> InitializerNames() =>
        new(_graph.Initializer.Select(t => t.Name), StringComparer.Ordinal);

    private List<ValueInfoProto> ResolveOutputs(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            throw new ArgumentException("At least one output name is required.", nameof(names));
        }

        var produced = NodeOutputNames;
        var producedSet = new HashSet<string>(produced, StringComparer.Ordinal);
        var result = new List<ValueInfoProto>(names.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (string.IsNullOrEmpty(name) || !seen.Add(name))
            {
                throw new ArgumentException($"Output names must be non-empty and distinct ('{name}').", nameof(names));
            }

            var declared = _graph.Output.FirstOrDefault(o => o.Name == name) ?? _graph.ValueInfo.FirstOrDefault(v => v.Name == name);
            if (declared is not null && (producedSet.Contains(name) || _graph.Output.Contains(declared)))
            {
                result.Add(declared.Clone());
            }
            else if (producedSet.Contains(name))
            {
                result.Add(new ValueInfoProto { Name = name });
            }
            else
            {
                throw new OnnxGraphException(
                    $"The graph has no value named '{name}'. Values produced by its nodes: {string.Join(", ", produced)}.",
                    produced);
            }
        }

        return result;
    }
}
