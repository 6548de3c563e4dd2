using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Customizable.Vlm.Imaging;

namespace Customizable.Vlm.Profiles;

/// <summary>
/// Reads and writes profiles. Layout (little-endian): magic "CVLMPRF\0", int32 format version, int64 payload length, payload,
/// SHA-256 of the payload, and nothing after it.
/// </summary>
/// <remarks>
/// <para>Version 3 payload (written now): int32 header length + UTF-8 JSON header (spec, reference descriptions, the reference
/// model's kind and compatibility, the motion views of video references, stored views with their provenance kind), then per stored
/// view its PNG bytes and, for point-cloud views, a deflated pixel-to-point map, then int64 reference-model length + the reference
/// model's bytes (written by its builder). Views are stored only for reasoners that read reference images.</para>
/// <para>Version 2 payload (still read): the same without the motion views (they load as none; see
/// <see cref="InspectionProfile.HasUnrecordedMotionViews"/>). The version was raised for them so that a library that does not know
/// them refuses the profile rather than inspecting videos without the motion views its memories were built from.</para>
/// <para>Version 1 payload (still read): the same header without references and provenance kinds, then per view an int32 byte count
/// + raw RGB pixels, then the model.</para>
/// <para>Limits: the payload is read into one array, so it is at most <see cref="Array.MaxLength"/> bytes; the file must be exactly
/// prefix + payload + checksum long, which is checked before the payload is read.</para>
/// </remarks>
internal static class ProfileSerializer
{
    public const int FormatVersion = 3;
    public const int PrefixLength = 20;
    public const int HashLength = 32;
    private const int FirstVersion = 1;
    private static readonly long MaxPayloadBytes = Array.MaxLength;
    private static readonly byte[] Magic = "CVLMPRF\0"u8.ToArray();

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    /// <summary>Stored views were checked when they were encoded; a composer may have downscaled a long strip below the loader's
    /// default minimum side, so only that limit is relaxed.</summary>
    private static readonly ImageLoader StoredViewLoader = new(new ImageLoadOptions { MinWidth = 1, MinHeight = 1 });

    public static void Write(Stream destination, InspectionProfile profile, IReferenceModelBuilder? builder)
    {
        using var payload = new MemoryStream();
        WritePayload(payload, profile, builder);
        byte[] hash = SHA256.HashData(payload.GetBuffer().AsSpan(0, (int)payload.Length));

        Span<byte> prefix = stackalloc byte[PrefixLength];
        Magic.CopyTo(prefix);
        BinaryPrimitives.WriteInt32LittleEndian(prefix[8..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(prefix[12..], payload.Length);
        destination.Write(prefix);
        destination.Write(payload.GetBuffer(), 0, (int)payload.Length);
        destination.Write(hash);
    }

    /// <summary>Reads a profile from <paramref name="source"/>; when it is seekable its remaining length must be exactly the
    /// profile's, which is checked before the payload is read.</summary>
    public static InspectionProfile Read(Stream source, IReferenceModelBuilder? builder, string? name)
    {
        string what = name ?? "profile";
        Span<byte> prefix = stackalloc byte[PrefixLength];
        if (ReadAtMost(source, prefix) < prefix.Length || !prefix[..8].SequenceEqual(Magic))
        {
            throw new InvalidProfileException($"'{what}' is not a Customizable.Vlm profile (bad magic).");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(prefix[8..]);
        if (version < FirstVersion || version > FormatVersion)
        {
            throw new InvalidProfileException($"'{what}' has profile format version {version}; this library reads versions {FirstVersion} to {FormatVersion}.");
        }

        long length = BinaryPrimitives.ReadInt64LittleEndian(prefix[12..]);
        if (length < 4 || length > MaxPayloadBytes)
        {
            throw new InvalidProfileException($"'{what}' is truncated or its length field is corrupt ({length} bytes announced).");
        }

        if (source.CanSeek)
        {
            long remaining = source.Length - source.Position;
            if (remaining < length + HashLength)
            {
                throw new InvalidProfileException($"'{what}' is truncated: {length} payload bytes and a checksum announced, {remaining} bytes present.");
            }

            if (remaining > length + HashLength)
            {
                throw new InvalidProfileException($"'{what}' has {remaining - length - HashLength} unexpected bytes after its checksum.");
            }
        }

        byte[] payload = source.CanSeek ? new byte[length] : ReadGrowing(source, (int)length);
        if (payload.Length < length || (source.CanSeek && ReadAtMost(source, payload) < length))
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

        if (!source.CanSeek && source.ReadByte() != -1)
        {
            throw new InvalidProfileException($"'{what}' has unexpected bytes after its checksum.");
        }

        try
        {
            return ReadPayload(payload, version, builder, what);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or EndOfStreamException or InvalidDataException or OverflowException or NotSupportedException or InvalidObservationException)
        {
            throw new InvalidProfileException($"'{what}' has a valid checksum but unreadable content: {ex.Message}", ex);
        }
    }

    /// <summary>Reads up to <paramref name="length"/> bytes from a stream whose length is unknown, growing the buffer with the bytes
    /// that actually arrive: a lying length field then costs what the stream holds, not the 2 GiB it may announce (found by a
    /// fuzzer). Returns fewer bytes when the stream ends early.</summary>
    private static byte[] ReadGrowing(Stream source, int length)
    {
        byte[] buffer = new byte[Math.Min(length, 1 << 20)];
        int filled = 0;
        while (true)
        {
            filled += ReadAtMost(source, buffer.AsSpan(filled));
            if (filled < buffer.Length || filled == length)
            {
                return filled == buffer.Length ? buffer : buffer[..filled];
            }

            Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
        }
    }

    private static void WritePayload(Stream payload, InspectionProfile profile, IReferenceModelBuilder? builder)
    {
        InspectionSpec spec = profile.FrozenSpec;
        var header = new ProfileHeader
        {
            TaskDescription = spec.TaskDescription,
            ClassContext = spec.ClassContext,
            AnswerFormat = spec.AnswerFormat,
            CreatedAt = profile.CreatedAt,
            LibraryVersion = typeof(ProfileSerializer).Assembly.GetName().Version?.ToString(),
            ReferenceModelKind = profile.ReferenceModel?.Kind,
            ReferenceModelCompatibility = profile.ReferenceModel?.Compatibility,
            PromptTemplate = spec.PromptTemplate,
            Motion = profile.MotionViews is { } motion ? new ProfileMotion { FrameGap = motion.FrameGap, Gain = motion.Gain } : null,
            Rules = [.. spec.NormalityRules.Select(r => new ProfileRule
            {
                Text = r.Text,
                Id = r.Id,
                MaxDefectAreaFraction = r.MaxDefectAreaFraction,
                IgnoreRegions = r.IgnoreRegions?.Select(b => new[] { b.X, b.Y, b.Width, b.Height }).ToList(),
            })],
            References = [.. profile.References.Select(r => new ProfileReference
            {
                SourceName = r.SourceName, Label = r.Label, Slot = r.Slot, Modality = r.Modality, Width = r.Width, Height = r.Height,
            })],
        };

        var blobs = new List<byte[]>();
        foreach (EncodedView view in profile.ReferenceViews)
        {
            var stored = new ProfileView
            {
                Label = view.Label,
                SourceName = view.Source?.Name,
                Width = view.Frame.Width,
                Height = view.Frame.Height,
                Slot = view.Slot,
                Index = view.Index,
            };
            byte[]? indexMap = StoredProvenance.Describe(view, stored);
            byte[] png = FrameEncoding.ToPng(view.Frame);
            stored.ImageBytes = png.Length;
            stored.IndexMapBytes = indexMap?.Length ?? 0;
            blobs.Add(png);
            if (indexMap is not null)
            {
                blobs.Add(indexMap);
            }

            header.Views!.Add(stored);
        }

        byte[] json = JsonSerializer.SerializeToUtf8Bytes(header, JsonOptions);
        using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
        writer.Write(json.Length);
        writer.Write(json);
        foreach (byte[] blob in blobs)
        {
            writer.Write(blob);
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

    private static InspectionProfile ReadPayload(byte[] payload, int version, IReferenceModelBuilder? builder, string what)
    {
        using var stream = new MemoryStream(payload, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        int jsonLength = reader.ReadInt32();
        CheckLength(jsonLength, stream, what, "header");
        ProfileHeader header = JsonSerializer.Deserialize<ProfileHeader>(reader.ReadBytes(jsonLength), JsonOptions)
            ?? throw new InvalidProfileException($"'{what}' has an empty header.");
        if (header.Views is null || header.Rules is null || header.Rules.Any(r => r is null) || header.Views.Any(v => v is null)
            || (version >= 2 && (header.References is null || header.References.Any(r => r is null))))
        {
            throw new InvalidProfileException($"'{what}' has a header without its rules, references or views.");
        }

        InspectionSpec spec = ReadSpec(header, what);
        var views = new List<EncodedView>();
        for (int i = 0; i < header.Views.Count; i++)
        {
            ProfileView v = header.Views[i];
            views.Add(version == 1 ? ReadRawView(reader, stream, v, what, i) : ReadStoredView(reader, stream, v, what, i));
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
            try
            {
                model = builder.Read(modelStream);
            }
            catch (CustomizableVlmException ex) when (ex is not InvalidProfileException)
            {
                throw new InvalidProfileException($"'{what}': {ex.Message}", ex);
            }
            catch (InvalidProfileException ex)
            {
                throw new InvalidProfileException($"'{what}': {ex.Message}", ex);
            }

            stream.Position += modelLength;
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidProfileException($"'{what}' has {stream.Length - stream.Position} unexpected trailing bytes.");
        }

        // Reference names live in the descriptions (version 1 kept them with its views), so they survive load and save.
        List<ReferenceViewInfo> references = header.References is not null
            ? [.. header.References.Select(r => new ReferenceViewInfo(r.SourceName, r.Label, r.Slot, r.Modality, r.Width, r.Height))]
            : [.. header.Views.Select(v => new ReferenceViewInfo(v.SourceName, v.Label, 0, ObservationModality.Image, v.Width, v.Height))];
        // Found by a fuzzer (a re-sealed profile): without this check the first inspection failed instead of the load.
        foreach (int slot in references.Select(r => r.Slot).Distinct())
        {
            if (model is not null && !model.CoversSlot(slot))
            {
                throw new InvalidProfileException($"'{what}' has reference views of slot {slot}, but its reference model holds nothing for that slot.");
            }
        }
        return new InspectionProfile(spec, views, model, header.CreatedAt, references) { MotionViews = ReadMotion(header, version, what) };
    }

    private static Video.MotionViewSettings? ReadMotion(ProfileHeader header, int version, string what)
    {
        if (header.Motion is not { } motion || version < 3)
        {
            return null;
        }

        if (motion.FrameGap < 1 || !(motion.Gain > 0) || float.IsInfinity(motion.Gain))
        {
            throw new InvalidProfileException($"'{what}' records motion views with frame gap {motion.FrameGap} and gain {motion.Gain}; the gap must be at least 1 and the gain a finite number greater than 0.");
        }

        return new Video.MotionViewSettings(motion.FrameGap, motion.Gain);
    }

    private static InspectionSpec ReadSpec(ProfileHeader header, string what)
    {
        var rules = new List<NormalityRule>();
        foreach (ProfileRule r in header.Rules!)
        {
            if (r.MaxDefectAreaFraction is { } max && !(max > 0 && max <= 1))
            {
                throw new InvalidProfileException($"'{what}': rule '{r.Id ?? r.Text}' has MaxDefectAreaFraction {max}, outside (0, 1].");
            }

            List<PixelRect>? regions = null;
            if (r.IgnoreRegions is not null)
            {
                regions = [];
                foreach (int[]? b in r.IgnoreRegions)
                {
                    if (b is not { Length: 4 } || b[0] < 0 || b[1] < 0 || b[2] < 1 || b[3] < 1)
                    {
                        throw new InvalidProfileException($"'{what}': rule '{r.Id ?? r.Text}' has an ignore region that is not 4 numbers x, y >= 0, width, height >= 1.");
                    }

                    regions.Add(new PixelRect(b[0], b[1], b[2], b[3]));
                }
            }

            rules.Add(new NormalityRule(r.Text ?? string.Empty) { Id = r.Id, MaxDefectAreaFraction = r.MaxDefectAreaFraction, IgnoreRegions = regions });
        }

        return new InspectionSpec
        {
            TaskDescription = header.TaskDescription ?? new InspectionSpec().TaskDescription,
            ClassContext = header.ClassContext,
            AnswerFormat = Enum.IsDefined(header.AnswerFormat) ? header.AnswerFormat : throw new InvalidProfileException($"'{what}' has an unknown answer format {header.AnswerFormat}."),
            PromptTemplate = header.PromptTemplate,
            NormalityRules = rules,
        };
    }

    private static EncodedView ReadRawView(BinaryReader reader, MemoryStream stream, ProfileView v, string what, int i)
    {
        int byteCount = reader.ReadInt32();
        CheckLength(byteCount, stream, what, $"view {i}");
        if (v.Width < 1 || v.Height < 1 || (long)v.Width * v.Height * 3 != byteCount)
        {
            throw new InvalidProfileException($"'{what}': view {i} claims {v.Width}x{v.Height} pixels but stores {byteCount} bytes.");
        }

        var frame = new RawFrame(v.Width, v.Height, PixelFormat.Rgb24, reader.ReadBytes(byteCount));
        var provenance = new ImageProvenance(v.SourceWidth, v.SourceHeight, v.ScaleX, v.ScaleY, v.OffsetX, v.OffsetY);
        return new EncodedView(frame, provenance, v.Label, null, 0);
    }

    private static EncodedView ReadStoredView(BinaryReader reader, MemoryStream stream, ProfileView v, string what, int i)
    {
        CheckLength(v.ImageBytes, stream, what, $"view {i} image");
        byte[] png = reader.ReadBytes(v.ImageBytes);
        CheckLength(v.IndexMapBytes, stream, what, $"view {i} point map");
        byte[] indexMap = reader.ReadBytes(v.IndexMapBytes);
        RawFrame frame = StoredViewLoader.Load(png, $"{what} view {i}");
        if (frame.Width != v.Width || frame.Height != v.Height || v.Slot < 0 || v.Index < 0)
        {
            throw new InvalidProfileException($"'{what}': view {i} claims {v.Width}x{v.Height} pixels (slot {v.Slot}, index {v.Index}) but stores a {frame.Width}x{frame.Height} image.");
        }

        ViewProvenance provenance = StoredProvenance.Read(v, indexMap, what, i);
        return new EncodedView(frame, provenance, v.Label, null, v.Index) { Slot = v.Slot };
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
