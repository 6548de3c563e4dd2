using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Customizable.Vlm.Profiles;

/// <summary>
/// Reads and writes profiles. Layout (little-endian): magic "CVLMPRF\0", int32 format version, int64 payload length, payload,
/// SHA-256 of the payload. Payload: int32 header length + UTF-8 JSON header, then per reference view an int32 byte count + RGB
/// pixels, then int64 reference-model length + the reference model's bytes (written by its builder).
/// </summary>
internal static class ProfileSerializer
{
    public const int FormatVersion = 1;
    private const int HashLength = 32;
    private const long MaxPayloadBytes = 4L * 1024 * 1024 * 1024;
    private static readonly byte[] Magic = "CVLMPRF\0"u8.ToArray();

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
    private static readonly Imaging.ImageLoader DefaultLoader = new();

    public static void Write(Stream destination, InspectionProfile profile, IReferenceModelBuilder? builder)
    {
        using var payload = new MemoryStream();
        WritePayload(payload, profile, builder);
        byte[] hash = SHA256.HashData(payload.GetBuffer().AsSpan(0, (int)payload.Length));

        Span<byte> prefix = stackalloc byte[8 + 4 + 8];
        Magic.CopyTo(prefix);
        BinaryPrimitives.WriteInt32LittleEndian(prefix[8..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(prefix[12..], payload.Length);
        destination.Write(prefix);
        destination.Write(payload.GetBuffer(), 0, (int)payload.Length);
        destination.Write(hash);
    }

    public static InspectionProfile Read(Stream source, IReferenceModelBuilder? builder, string? name)
    {
        string what = name ?? "profile";
        Span<byte> prefix = stackalloc byte[20];
        if (ReadAtMost(source, prefix) < prefix.Length || !prefix[..8].SequenceEqual(Magic))
        {
            throw new InvalidProfileException($"'{what}' is not a Customizable.Vlm profile (bad magic).");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(prefix[8..]);
        if (version != FormatVersion)
        {
            throw new InvalidProfileException($"'{what}' has profile format version {version}; this library reads version {FormatVersion}.");
        }

        long length = BinaryPrimitives.ReadInt64LittleEndian(prefix[12..]);
        if (length < 4 || length > MaxPayloadBytes || (source.CanSeek && source.Length - source.Position < length + HashLength))
        {
            throw new InvalidProfileException($"'{what}' is truncated or its length field is corrupt ({length} bytes announced).");
        }

        byte[] payload = new byte[length];
        if (ReadAtMost(source, payload) < length)
        {
            throw new InvalidProfileException($"'{what}' is truncated: the payload ends early.");
        }

        byte[] hash = new byte[HashLength];
        if (ReadAtMost(source, hash) < HashLength)
        {
            throw new InvalidProfileException($"'{what}' is truncated: the checksum is missing.");
        }

        if (!CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(payload)))
        {
            throw new InvalidProfileException($"'{what}' is corrupted: its checksum does not match its content.");
        }

        try
        {
            return ReadPayload(payload, builder, what);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or EndOfStreamException or InvalidDataException or OverflowException or NotSupportedException)
        {
            throw new InvalidProfileException($"'{what}' has a valid checksum but unreadable content: {ex.Message}", ex);
        }
    }

    private static void WritePayload(Stream payload, InspectionProfile profile, IReferenceModelBuilder? builder)
    {
        InspectionSpec spec = profile.Spec;
        var header = new ProfileHeader
        {
            TaskDescription = spec.TaskDescription,
            ClassContext = spec.ClassContext,
            AnswerFormat = spec.AnswerFormat,
            CreatedAt = profile.CreatedAt,
            LibraryVersion = typeof(ProfileSerializer).Assembly.GetName().Version?.ToString(),
            ReferenceModelKind = profile.ReferenceModel?.Kind,
            PromptTemplate = spec.PromptTemplate,
            Rules = [.. spec.NormalityRules.Select(r => new ProfileRule
            {
                Text = r.Text,
                Id = r.Id,
                MaxDefectAreaFraction = r.MaxDefectAreaFraction,
                IgnoreRegions = r.IgnoreRegions?.Select(b => new[] { b.X, b.Y, b.Width, b.Height }).ToList(),
            })],
        };

        var frames = new List<RawFrame>();
        foreach (EncodedView view in profile.ReferenceViews)
        {
            RawFrame frame = DefaultLoader.ToRgb24(view.Frame);
            frames.Add(frame);
            var stored = new ProfileView { Label = view.Label, SourceName = view.Source?.Name, Width = frame.Width, Height = frame.Height, SourceWidth = frame.Width, SourceHeight = frame.Height };
            if (view.Provenance is ImageProvenance p)
            {
                (stored.SourceWidth, stored.SourceHeight, stored.ScaleX, stored.ScaleY, stored.OffsetX, stored.OffsetY) =
                    (p.SourceWidth, p.SourceHeight, p.ScaleX, p.ScaleY, p.OffsetX, p.OffsetY);
            }

            header.Views.Add(stored);
        }

        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header, JsonOptions);
        using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
        writer.Write(json.Length);
        writer.Write(json);
        foreach (RawFrame frame in frames)
        {
            writer.Write(frame.Pixels.Length);
            writer.Write(frame.Pixels.Span);
        }

        if (profile.ReferenceModel is null)
        {
            writer.Write(0L);
            return;
        }

        if (builder is null || builder.ReferenceModelKind != profile.ReferenceModel.Kind)
        {
            throw new InvalidOperationException($"The profile holds a '{profile.ReferenceModel.Kind}' reference model, which this inspector's reasoner cannot write.");
        }

        using var model = new MemoryStream();
        builder.Write(profile.ReferenceModel, model);
        writer.Write(model.Length);
        writer.Write(model.GetBuffer(), 0, (int)model.Length);
    }

    private static InspectionProfile ReadPayload(byte[] payload, IReferenceModelBuilder? builder, string what)
    {
        using var stream = new MemoryStream(payload, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        int jsonLength = reader.ReadInt32();
        CheckLength(jsonLength, stream, what, "header");
        ProfileHeader header = JsonSerializer.Deserialize<ProfileHeader>(reader.ReadBytes(jsonLength), JsonOptions)
            ?? throw new InvalidProfileException($"'{what}' has an empty header.");

        var spec = new InspectionSpec
        {
            TaskDescription = header.TaskDescription ?? new InspectionSpec().TaskDescription,
            ClassContext = header.ClassContext,
            AnswerFormat = header.AnswerFormat,
            PromptTemplate = header.PromptTemplate,
            NormalityRules = [.. header.Rules.Select(r => new NormalityRule(r.Text)
            {
                Id = r.Id,
                MaxDefectAreaFraction = r.MaxDefectAreaFraction,
                IgnoreRegions = r.IgnoreRegions?.Select(b => b.Length == 4 ? new PixelRect(b[0], b[1], b[2], b[3]) : throw new InvalidDataException("An ignore region needs 4 numbers.")).ToList(),
            })],
        };

        var views = new List<EncodedView>();
        for (int i = 0; i < header.Views.Count; i++)
        {
            ProfileView v = header.Views[i];
            int byteCount = reader.ReadInt32();
            CheckLength(byteCount, stream, what, $"view {i}");
            if (v.Width < 1 || v.Height < 1 || (long)v.Width * v.Height * 3 != byteCount)
            {
                throw new InvalidProfileException($"'{what}': view {i} claims {v.Width}x{v.Height} pixels but stores {byteCount} bytes.");
            }

            var frame = new RawFrame(v.Width, v.Height, PixelFormat.Rgb24, reader.ReadBytes(byteCount));
            var provenance = new ImageProvenance(v.SourceWidth, v.SourceHeight, v.ScaleX, v.ScaleY, v.OffsetX, v.OffsetY);
            views.Add(new EncodedView(frame, provenance, v.Label, null, 0));
        }

        long modelLength = reader.ReadInt64();
        ReferenceModel? model = null;
        if (modelLength != 0)
        {
            CheckLength(modelLength, stream, what, "reference model");
            if (builder is null || builder.ReferenceModelKind != header.ReferenceModelKind)
            {
                throw new InvalidProfileException($"'{what}' holds a '{header.ReferenceModelKind}' reference model; this inspector's reasoner reads '{builder?.ReferenceModelKind ?? "none"}'.");
            }

            using var modelStream = new MemoryStream(payload, (int)stream.Position, (int)modelLength, writable: false);
            model = builder.Read(modelStream);
            stream.Position += modelLength;
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidProfileException($"'{what}' has {stream.Length - stream.Position} unexpected trailing bytes.");
        }

        return new InspectionProfile(spec, views, model, header.CreatedAt);
    }

    private static void CheckLength(long length, Stream stream, string what, string part)
    {
        if (length < 0 || length > stream.Length - stream.Position)
        {
            throw new InvalidProfileException($"'{what}': the {part} length ({length}) runs past the end of the profile.");
        }
    }

    private static int ReadAtMost(Stream source, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = source.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
