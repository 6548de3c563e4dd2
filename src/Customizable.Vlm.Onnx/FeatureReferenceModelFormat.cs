using System.Runtime.InteropServices;
using System.Text;
using Customizable.Vlm.Anomaly;
using Customizable.Vlm.Onnx.Tuning;
using Customizable.Vlm.Preprocessing;

namespace Customizable.Vlm.Onnx;

/// <summary>Binary layout (little-endian) of a <see cref="FeatureReferenceModel"/> inside a profile. Every length is checked
/// against the bytes actually present before anything is allocated, and every value against its range.</summary>
/// <remarks>
/// <para>Version 3: version, feature signature, reference count, grid width and height, a shared-across-slots flag,
/// the slot count, then per slot: slot, view count, normal patch maximum, calibration, projection (component count, 0 = none;
/// input dimensions, retained variance, mean, basis as float32), bank count and dimensions, and the bank as IEEE half-precision
/// values. Banks are rounded to half precision when they are built (<see cref="Quantize"/>), so a loaded model scores exactly as
/// the model that was saved.</para>
/// <para>Version 4 (written now) appends the self-tuning report after the slots: a presence flag, then the chosen resize mode and
/// normalisation, held-out and planted counts, elapsed ticks, the budget flag, the candidates (resize mode, normalisation, synthetic
/// AUROC, hit rate, separation, objective) and per slot the threshold evidence (slot, normal scores, defect scores, threshold,
/// rule). Version 3 is the same without the report.</para>
/// <para>Versions 1 (no projection) and 2 (one projected bank, float32) are still read, as one memory shared by every slot.</para>
/// </remarks>
internal static class FeatureReferenceModelFormat
{
    private const int Version = 4;
    private const int FirstVersion = 1;

    /// <summary>Rounds every value to the nearest IEEE half-precision value, in place (what version 3 stores).</summary>
    public static void Quantize(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(Half)values[i];
        }
    }

    public static void Write(FeatureReferenceModel model, Stream destination)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Profiles are written little-endian.");
        }

        using var writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        writer.Write(Version);
        writer.Write(model.FeatureSignature);
        writer.Write(model.ReferenceCount);
        writer.Write(model.GridWidth);
        writer.Write(model.GridHeight);
        writer.Write(model.SharedAcrossSlots);
        writer.Write(model.SlotMemories.Count);
        foreach (PatchMemorySlot slot in model.SlotMemories)
        {
            writer.Write(slot.Slot);
            writer.Write(slot.ViewCount);
            writer.Write(slot.NormalPatchMax);
            WriteCalibration(writer, slot.Calibration);
            WriteProjection(writer, slot.Projection);
            writer.Write(slot.Bank.Count);
            writer.Write(slot.Bank.Dimensions);
            float[] features = slot.Bank.ToArray();
            var halves = new Half[features.Length];
            for (int i = 0; i < features.Length; i++)
            {
                halves[i] = (Half)features[i];
            }

            writer.Write(MemoryMarshal.AsBytes(halves.AsSpan()));
        }

        WriteTuning(writer, model.Tuning);
    }

    public static FeatureReferenceModel Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            using var reader = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
            int version = reader.ReadInt32();
            if (version < FirstVersion || version > Version)
            {
                throw new InvalidProfileException($"Unsupported patch-memory model version {version} (this library reads {FirstVersion} to {Version}).");
            }

            return version >= 3 ? ReadCurrent(reader, source, version) : ReadLegacy(reader, source, version);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or IOException or OverflowException)
        {
            throw new InvalidProfileException($"The patch-memory model is unreadable: {ex.Message}", ex);
        }
    }

    private static FeatureReferenceModel ReadCurrent(BinaryReader reader, Stream source, int version)
    {
        string signature = reader.ReadString();
        int references = reader.ReadInt32();
        int gridWidth = reader.ReadInt32();
        int gridHeight = reader.ReadInt32();
        bool shared = reader.ReadBoolean();
        int slotCount = reader.ReadInt32();
        if (references < 1 || gridWidth < 1 || gridHeight < 1 || gridWidth > 4096 || gridHeight > 4096 || slotCount < 1 || slotCount > 4096 || (shared && slotCount != 1))
        {
            throw new InvalidProfileException($"The patch-memory model's header is inconsistent ({references} references, {gridWidth}x{gridHeight} grid, {slotCount} slots).");
        }

        var slots = new List<PatchMemorySlot>(slotCount);
        for (int s = 0; s < slotCount; s++)
        {
            int slot = reader.ReadInt32();
            int views = reader.ReadInt32();
            float patchMax = reader.ReadSingle();
            ScoreCalibration calibration = ReadCalibration(reader);
            PatchProjection? projection = ReadProjection(reader, source);
            int count = reader.ReadInt32();
            int dims = reader.ReadInt32();
            long bytes = (long)count * dims * 2;
            if (slot < 0 || views < 1 || count < 1 || dims < 1 || bytes > source.Length - source.Position || !float.IsFinite(patchMax) || patchMax < 0)
            {
                throw new InvalidProfileException($"The patch-memory model's slot {s} is inconsistent ({count} x {dims} features announced, {source.Length - source.Position} bytes present).");
            }

            if (projection is not null && projection.OutputDimensions != dims)
            {
                throw new InvalidProfileException($"The patch-memory model's projection writes {projection.OutputDimensions} values but its bank holds {dims}.");
            }

            var halves = new Half[(long)count * dims];
            source.ReadExactly(MemoryMarshal.AsBytes(halves.AsSpan()));
            float[] features = new float[halves.Length];
            for (int i = 0; i < halves.Length; i++)
            {
                features[i] = (float)halves[i];
            }

            slots.Add(new PatchMemorySlot(slot, PatchMemorySlot.CreateBank(features, count, dims, projection), projection, calibration, patchMax, views));
        }

        FeatureTuningReport? tuning = version >= 4 ? ReadTuning(reader) : null;
        if (source.Position != source.Length)
        {
            throw new InvalidProfileException($"The patch-memory model has {source.Length - source.Position} unexpected trailing bytes.");
        }

        if (!FeatureSettings.TryParse(signature, out _, out _))
        {
            throw new InvalidProfileException($"The patch-memory model's feature signature '{signature}' names no resize mode or normalisation.");
        }

        return new FeatureReferenceModel(slots, shared, gridWidth, gridHeight, references, signature, tuning);
    }

    private static FeatureReferenceModel ReadLegacy(BinaryReader reader, Stream source, int version)
    {
        string signature = reader.ReadString();
        int references = reader.ReadInt32();
        int gridWidth = reader.ReadInt32();
        int gridHeight = reader.ReadInt32();
        float patchMax = reader.ReadSingle();
        ScoreCalibration calibration = ReadCalibration(reader);
        PatchProjection? projection = version >= 2 ? ReadProjection(reader, source) : null;
        int count = reader.ReadInt32();
        int dims = reader.ReadInt32();
        long remaining = source.Length - source.Position;
        if (references < 1 || gridWidth < 1 || gridHeight < 1 || count < 1 || dims < 1 || (long)count * dims * sizeof(float) != remaining || !float.IsFinite(patchMax))
        {
            throw new InvalidProfileException($"The patch-memory model is inconsistent ({count} x {dims} features announced, {remaining} bytes present).");
        }

        float[] features = new float[(long)count * dims];
        source.ReadExactly(MemoryMarshal.AsBytes(features.AsSpan()));
        if (projection is not null && projection.OutputDimensions != dims)
        {
            throw new InvalidProfileException($"The patch-memory model's projection writes {projection.OutputDimensions} values but its bank holds {dims}.");
        }

        if (!FeatureSettings.TryParse(signature, out _, out _))
        {
            throw new InvalidProfileException($"The patch-memory model's feature signature '{signature}' names no resize mode or normalisation.");
        }

        var slot = new PatchMemorySlot(0, PatchMemorySlot.CreateBank(features, count, dims, projection), projection, calibration, patchMax, references);
        return new FeatureReferenceModel([slot], sharedAcrossSlots: true, gridWidth, gridHeight, references, signature);
    }

    private const int MaxTuningItems = 4096;

    private static void WriteTuning(BinaryWriter writer, FeatureTuningReport? tuning)
    {
        writer.Write(tuning is not null);
        if (tuning is null)
        {
            return;
        }

        writer.Write((int)tuning.ResizeMode);
        writer.Write(tuning.NormalizeFeatures);
        writer.Write(tuning.HeldOutReferences);
        writer.Write(tuning.SyntheticDefects);
        writer.Write(tuning.Elapsed.Ticks);
        writer.Write(tuning.BudgetExhausted);
        writer.Write(tuning.Candidates.Count);
        foreach (FeatureTuningCandidate c in tuning.Candidates)
        {
            writer.Write((int)c.ResizeMode);
            writer.Write(c.NormalizeFeatures);
            writer.Write(c.SyntheticAuroc);
            writer.Write(c.HitRate);
            writer.Write(c.Separation);
            writer.Write(c.Objective);
        }

        writer.Write(tuning.Thresholds.Count);
        foreach (FeatureThresholdEvidence t in tuning.Thresholds)
        {
            writer.Write(t.Slot);
            WriteDoubles(writer, t.NormalScores);
            WriteDoubles(writer, t.DefectScores);
            writer.Write(t.Threshold);
            writer.Write(t.Rule);
        }
    }

    private static FeatureTuningReport? ReadTuning(BinaryReader reader)
    {
        if (!reader.ReadBoolean())
        {
            return null;
        }

        TensorResizeMode resize = ReadResize(reader);
        bool normalize = reader.ReadBoolean();
        int heldOut = reader.ReadInt32();
        int planted = reader.ReadInt32();
        long ticks = reader.ReadInt64();
        bool exhausted = reader.ReadBoolean();
        int candidateCount = ReadCount(reader, "candidates");
        if (heldOut < 0 || planted < 0 || ticks < 0)
        {
            throw new InvalidProfileException("The patch-memory model's tuning report is out of range.");
        }

        var candidates = new List<FeatureTuningCandidate>(candidateCount);
        for (int i = 0; i < candidateCount; i++)
        {
            TensorResizeMode mode = ReadResize(reader);
            bool l2 = reader.ReadBoolean();
            candidates.Add(new FeatureTuningCandidate(mode, l2, ReadFinite(reader), ReadFinite(reader), ReadFinite(reader), ReadFinite(reader)));
        }

        int thresholdCount = ReadCount(reader, "threshold records");
        var thresholds = new List<FeatureThresholdEvidence>(thresholdCount);
        for (int i = 0; i < thresholdCount; i++)
        {
            int slot = reader.ReadInt32();
            double[] normal = ReadDoubles(reader);
            double[] defects = ReadDoubles(reader);
            thresholds.Add(new FeatureThresholdEvidence(slot, normal, defects, ReadFinite(reader), reader.ReadString()));
        }

        return new FeatureTuningReport(resize, normalize, candidates, heldOut, planted, TimeSpan.FromTicks(ticks), exhausted, thresholds);
    }

    private static TensorResizeMode ReadResize(BinaryReader reader)
    {
        var mode = (TensorResizeMode)reader.ReadInt32();
        return Enum.IsDefined(mode) ? mode : throw new InvalidProfileException($"The patch-memory model names an unknown resize mode ({(int)mode}).");
    }

    private static int ReadCount(BinaryReader reader, string what)
    {
        int count = reader.ReadInt32();
        return count is >= 0 and <= MaxTuningItems ? count : throw new InvalidProfileException($"The patch-memory model's tuning report announces {count} {what}.");
    }

    private static double ReadFinite(BinaryReader reader)
    {
        double value = reader.ReadDouble();
        return double.IsFinite(value) ? value : throw new InvalidProfileException("The patch-memory model's tuning report holds a value that is not finite.");
    }

    private static void WriteDoubles(BinaryWriter writer, IReadOnlyList<double> values)
    {
        writer.Write(values.Count);
        foreach (double v in values)
        {
            writer.Write(v);
        }
    }

    private static double[] ReadDoubles(BinaryReader reader)
    {
        int count = ReadCount(reader, "scores");
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = ReadFinite(reader);
        }

        return values;
    }

    private static void WriteCalibration(BinaryWriter writer, ScoreCalibration c)
    {
        writer.Write(c.Threshold);
        writer.Write(c.Scale);
        writer.Write(c.NormalMax);
        writer.Write(c.NormalMean);
        writer.Write(c.SampleCount);
    }

    private static ScoreCalibration ReadCalibration(BinaryReader reader)
    {
        var calibration = new ScoreCalibration
        {
            Threshold = reader.ReadDouble(),
            Scale = reader.ReadDouble(),
            NormalMax = reader.ReadDouble(),
            NormalMean = reader.ReadDouble(),
            SampleCount = reader.ReadInt32(),
        };
        if (!double.IsFinite(calibration.Threshold) || !(calibration.Scale > 0) || !double.IsFinite(calibration.Scale)
            || !double.IsFinite(calibration.NormalMax) || !double.IsFinite(calibration.NormalMean) || calibration.SampleCount < 1)
        {
            throw new InvalidProfileException("The patch-memory model's calibration is out of range.");
        }

        return calibration;
    }

    private static void WriteProjection(BinaryWriter writer, PatchProjection? projection)
    {
        writer.Write(projection?.Components ?? 0);
        if (projection is not null)
        {
            writer.Write(projection.InputDimensions);
            writer.Write(projection.RetainedVariance);
            writer.Write(MemoryMarshal.AsBytes(projection.Mean));
            writer.Write(MemoryMarshal.AsBytes(projection.Basis));
        }
    }

    private static PatchProjection? ReadProjection(BinaryReader reader, Stream source)
    {
        int components = reader.ReadInt32();
        if (components == 0)
        {
            return null;
        }

        int inputDimensions = reader.ReadInt32();
        double retained = reader.ReadDouble();
        long needed = ((long)inputDimensions + ((long)components * inputDimensions)) * sizeof(float);
        if (components < 0 || inputDimensions < 1 || components > inputDimensions || needed > source.Length - source.Position)
        {
            throw new InvalidProfileException($"The patch-memory model's projection is inconsistent ({components} components of {inputDimensions} dimensions).");
        }

        float[] mean = new float[inputDimensions];
        float[] basis = new float[components * inputDimensions];
        source.ReadExactly(MemoryMarshal.AsBytes(mean.AsSpan()));
        source.ReadExactly(MemoryMarshal.AsBytes(basis.AsSpan()));
        return PatchProjection.Create(mean, basis, components, inputDimensions, retained);
    }
}
