using System.Runtime.InteropServices;
using System.Text;
using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Onnx;

/// <summary>Binary layout (little-endian) of a <see cref="FeatureReferenceModel"/> inside a profile. Every length is checked
/// against the bytes actually present before anything is allocated.</summary>
/// <remarks>Version 2 (written now) adds the optional principal-component projection after the calibration: its component count
/// (0 = none), input dimensions, retained variance, mean and basis. Version 1 (no projection) is still read.</remarks>
internal static class FeatureReferenceModelFormat
{
    private const int Version = 2;
    private const int FirstVersion = 1;

    public static void Write(FeatureReferenceModel model, Stream destination)
    {
        using var writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        writer.Write(Version);
        writer.Write(model.FeatureSignature);
        writer.Write(model.ReferenceCount);
        writer.Write(model.GridWidth);
        writer.Write(model.GridHeight);
        writer.Write(model.NormalPatchMax);
        ScoreCalibration c = model.Calibration;
        writer.Write(c.Threshold);
        writer.Write(c.Scale);
        writer.Write(c.NormalMax);
        writer.Write(c.NormalMean);
        writer.Write(c.SampleCount);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Profiles are written little-endian.");
        }

        PatchProjection? projection = model.Projection;
        writer.Write(projection?.Components ?? 0);
        if (projection is not null)
        {
            writer.Write(projection.InputDimensions);
            writer.Write(projection.RetainedVariance);
            writer.Write(MemoryMarshal.AsBytes(projection.Mean));
            writer.Write(MemoryMarshal.AsBytes(projection.Basis));
        }

        writer.Write(model.Bank.Count);
        writer.Write(model.Bank.Dimensions);
        float[] features = model.Bank.ToArray();
        writer.Write(MemoryMarshal.AsBytes(features.AsSpan()));
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

            string signature = reader.ReadString();
            int references = reader.ReadInt32();
            int gridWidth = reader.ReadInt32();
            int gridHeight = reader.ReadInt32();
            float patchMax = reader.ReadSingle();
            var calibration = new ScoreCalibration
            {
                Threshold = reader.ReadDouble(),
                Scale = reader.ReadDouble(),
                NormalMax = reader.ReadDouble(),
                NormalMean = reader.ReadDouble(),
                SampleCount = reader.ReadInt32(),
            };
            PatchProjection? projection = version >= 2 ? ReadProjection(reader, source) : null;
            int count = reader.ReadInt32();
            int dims = reader.ReadInt32();
            long remaining = source.Length - source.Position;
            if (references < 1 || gridWidth < 1 || gridHeight < 1 || count < 1 || dims < 1 || (long)count * dims * sizeof(float) != remaining
                || !float.IsFinite(patchMax) || !double.IsFinite(calibration.Threshold) || !(calibration.Scale > 0) || !double.IsFinite(calibration.Scale))
            {
                throw new InvalidProfileException($"The patch-memory model is inconsistent ({count} x {dims} features announced, {remaining} bytes present).");
            }

            float[] features = new float[(long)count * dims];
            source.ReadExactly(MemoryMarshal.AsBytes(features.AsSpan()));
            if (projection is not null && projection.OutputDimensions != dims)
            {
                throw new InvalidProfileException($"The patch-memory model's projection writes {projection.OutputDimensions} values but its bank holds {dims}.");
            }

            return new FeatureReferenceModel(PatchMemoryBank.Create(features, count, dims), projection, calibration, gridWidth, gridHeight, patchMax, references, signature);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or IOException)
        {
            throw new InvalidProfileException($"The patch-memory model is unreadable: {ex.Message}", ex);
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
