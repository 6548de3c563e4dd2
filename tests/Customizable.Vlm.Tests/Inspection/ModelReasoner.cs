using System.Buffers.Binary;

namespace Customizable.Vlm.Tests.Inspection;

/// <summary>A reasoner that, like the embedded default, reads only its reference model: the mean brightness of each slot's
/// references. It records the prompts it gets.</summary>
internal sealed class ModelReasoner : IAnomalyReasoner, IReferenceModelBuilder
{
    public List<AnomalyPrompt> Prompts { get; } = [];

    public string ReferenceModelKind => "test/brightness";

    public ValueTask<ReferenceModel> BuildReferenceModelAsync(InspectionSpec spec, IReadOnlyList<EncodedView> referenceViews, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<ReferenceModel>(new BrightnessModel(referenceViews.Count, referenceViews.Average(v => Brightness(v.Frame))));

    public Task<AnomalyVerdict> ReasonAsync(AnomalyPrompt prompt, CancellationToken cancellationToken = default)
    {
        lock (Prompts)
        {
            Prompts.Add(prompt);
        }

        var model = (BrightnessModel)prompt.ReferenceModel!;
        double score = Math.Clamp(0.5 + Math.Abs(Brightness(prompt.QueryViews[0].Frame) - model.Mean), 0, 1);
        return Task.FromResult(new AnomalyVerdict { Score = score, IsAnomalous = score >= 0.6 });
    }

    public void Write(ReferenceModel model, Stream destination)
    {
        var m = (BrightnessModel)model;
        Span<byte> bytes = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, m.ReferenceCount);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes[4..], m.Mean);
        destination.Write(bytes);
    }

    public ReferenceModel Read(Stream source)
    {
        Span<byte> bytes = stackalloc byte[12];
        source.ReadExactly(bytes);
        return new BrightnessModel(BinaryPrimitives.ReadInt32LittleEndian(bytes), BinaryPrimitives.ReadDoubleLittleEndian(bytes[4..]));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(AnomalyReasonerMetadata) ? new AnomalyReasonerMetadata("test", AnomalyReasonerInputs.ReferenceModel)
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    public static double Brightness(RawFrame frame)
    {
        long sum = 0;
        for (int y = 0; y < frame.Height; y++)
        {
            foreach (byte b in frame.GetRow(y))
            {
                sum += b;
            }
        }

        return sum / (255.0 * frame.Width * frame.Height * 3);
    }

    private sealed class BrightnessModel(int count, double mean) : ReferenceModel
    {
        public override string Kind => "test/brightness";

        public override int ReferenceCount { get; } = count;

        public double Mean { get; } = mean;
    }
}
