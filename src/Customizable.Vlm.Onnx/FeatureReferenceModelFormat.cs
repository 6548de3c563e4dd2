using System.Runtime.InteropServices;
using System.Text;
using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Onnx;

/// <summary>Binary layout (little-endian) of a <see cref="FeatureReferenceModel"/> inside a profile. Every length is checked
/// against the bytes actually present before anything is allocated, and every value against its range.</summary>
/// <remarks>
/// <para>Version 3 (written now): version, feature signature, reference count, grid width and height, a shared-across-slots flag,
/// the slot count, then per slot: slot, view count, normal patch maximum, calibration, projection (component count, 0 = none;
/// input dimensions, retained variance, mean, basis as float32), bank count and dimensions, and the bank as IEEE half-precision
/// values. Banks are rounded to half precision when they are built (<see cref="Quantize"/>), so a loaded model scores exactly as
/// the model that was saved.</para>
/// <para>Versions 1 (no projection) and 2 (one projected bank, float32) are still read, as one memory shared by every slot.</para>
/// </remarks>
internal static class FeatureReferenceModelFormat
{
    private const int Version = 3;
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

            return version == Version ? ReadCurrent(reader, source) : ReadLegacy(reader, source, version);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or IOException or OverflowException)
        {
            throw new InvalidProfileException($"The patch-memory model is unreadable: {ex.Message}", ex);
        }
    }

    private static FeatureReferenceModel ReadCurrent(BinaryReader reader, Stream source)
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

            slots.Add(new PatchMemorySlot(slot, PatchMemoryBank.Create(features, count, dims), projection, calibration, patchMax, views));
        }

        if (source.Position != source.Length)
        {
            throw new InvalidProfileException($"The patch-memory model has {source.Length - source.Position} unexpected trailing bytes.");
        }

        return new FeatureReferenceModel(slots, shared, gridWidth, gridHeight, references, signature);
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

        var slot = new PatchMemorySlot(0, PatchMemoryBank.Create(features, count, dims), projection, calibration, patchMax, references);
        return new FeatureReferenceModel([slot], sharedAcrossSlots: true, gridWidth, gridHeight, references, signature);
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
