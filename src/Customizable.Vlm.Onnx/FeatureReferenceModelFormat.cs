using System.Runtime.InteropServices;
using System.Text;
using Customizable.Vlm.Anomaly;

namespace Customizable.Vlm.Onnx;

/// <summary>Binary layout (little-endian) of a <see cref="FeatureReferenceModel"/> inside a profile. Every length is checked
/// against the bytes actually present before anything is allocated.</summary>
internal static class FeatureReferenceModelFormat
{
    private const int Version = 1;

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
        writer.Write(model.Bank.Count);
        writer.Write(model.Bank.Dimensions);
        float[] features = model.Bank.ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Profiles are written little-endian.");
        }

        writer.Write(MemoryMarshal.AsBytes(features.AsSpan()));
    }

    public static FeatureReferenceModel Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            using var reader = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
            int version = reader.ReadInt32();
            if (version != Version)
            {
                throw new InvalidProfileException($"Unsupported patch-memory model version {version} (expected {Version}).");
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
            return new FeatureReferenceModel(PatchMemoryBank.Create(features, count, dims), calibration, gridWidth, gridHeight, patchMax, references, signature);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or IOException)
        {
            throw new InvalidProfileException($"The patch-memory model is unreadable: {ex.Message}", ex);
        }
    }
}
