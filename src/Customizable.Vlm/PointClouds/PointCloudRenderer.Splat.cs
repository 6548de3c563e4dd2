using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Customizable.Vlm.PointClouds;

/// <summary>The z-buffer splatting loop of <see cref="PointCloudRenderer"/>.</summary>
internal static partial class PointCloudRenderer
{
    /// <summary>Fills the depth buffer (smaller is nearer) and, per pixel, the index of the nearest splat's point (-1 when none).</summary>
    /// <remarks>
    /// The hot loop: one pass over the points, no bounds checks (every index is clamped to the view first). Where 256-bit vectors
    /// are hardware-accelerated, eight points at a time are projected and clamped with vector instructions (the same operations in
    /// the same order as the scalar loop, so the result is bit-identical) and only the pixel writes stay scalar.
    /// </remarks>
    public static void Splat(PreparedCloud cloud, ViewCamera camera, int size, bool perspective, float maxSplat, float[] depth, int[] winners) =>
        Splat(cloud, camera, size, perspective, maxSplat, depth, winners, Vector256.IsHardwareAccelerated);

    /// <summary>As <see cref="Splat(PreparedCloud, ViewCamera, int, bool, float, float[], int[])"/>, with the vector path on or off
    /// (off: the scalar loop for every point; for tests and the benchmark's before/after).</summary>
    public static void Splat(PreparedCloud cloud, ViewCamera camera, int size, bool perspective, float maxSplat, float[] depth, int[] winners, bool vectorised)
    {
        int pixels = size * size;
        if (depth.Length < pixels || winners.Length < pixels)
        {
            throw new ArgumentException("The buffers are smaller than the view.", nameof(depth));
        }

        depth.AsSpan(0, pixels).Fill(float.PositiveInfinity);
        winners.AsSpan(0, pixels).Fill(-1);
        var frame = new SplatFrame(camera, size, perspective, maxSplat);
        int done = vectorised && Vector256.IsHardwareAccelerated ? SplatVector256(cloud, frame, depth, winners) : 0;
        SplatScalar(cloud, frame, done, depth, winners);
    }

    /// <summary>Splats points <paramref name="start"/> to the end one at a time.</summary>
    private static void SplatScalar(PreparedCloud cloud, in SplatFrame f, int start, float[] depth, int[] winners)
    {
        ref float xs = ref MemoryMarshal.GetArrayDataReference(cloud.X);
        ref float ys = ref MemoryMarshal.GetArrayDataReference(cloud.Y);
        ref float zs = ref MemoryMarshal.GetArrayDataReference(cloud.Z);
        ref float radius = ref MemoryMarshal.GetArrayDataReference(cloud.Radius);
        ref float z0 = ref MemoryMarshal.GetArrayDataReference(depth);
        ref int w0 = ref MemoryMarshal.GetArrayDataReference(winners);
        int size = f.Size, last = size - 1, count = cloud.Count;
        for (int i = start; i < count; i++)
        {
            float pxx = Unsafe.Add(ref xs, i), pyy = Unsafe.Add(ref ys, i), pzz = Unsafe.Add(ref zs, i);
            float x = (f.Rx * pxx) + (f.Ry * pyy) + (f.Rz * pzz);
            float y = (f.Ux * pxx) + (f.Uy * pyy) + (f.Uz * pzz);
            float z = (f.Tx * pxx) + (f.Ty * pyy) + (f.Tz * pzz);
            float px, py, d, hs;
            if (f.Perspective)
            {
                d = CameraDistance - z;
                float scale = f.Focal / d;
                px = f.Half + (x * scale);
                py = f.Half - (y * scale);
                hs = Unsafe.Add(ref radius, i) * scale;
            }
            else
            {
                d = -z;
                px = f.Half + (x * f.K);
                py = f.Half - (y * f.K);
                hs = Unsafe.Add(ref radius, i) * f.K;
            }

            // Dropped points carry a negative radius. Truncation equals floor for the non-negative values kept after clamping.
            if (!(hs >= 0))
            {
                continue;
            }

            hs = MathF.Min(hs, f.MaxSplat);
            float left = px - hs, top = py - hs, right = px + hs, bottom = py + hs;
            if (right < 0 || bottom < 0)
            {
                continue;
            }

            int x0 = (int)MathF.Min(MathF.Max(left, 0), size), y0 = (int)MathF.Min(MathF.Max(top, 0), size);
            int x1 = Math.Min(last, (int)MathF.Min(right, size)), y1 = Math.Min(last, (int)MathF.Min(bottom, size));
            Write(ref z0, ref w0, size, i, d, x0, y0, x1, y1);
        }
    }

    /// <summary>Splats the points in blocks of eight; returns how many points it did (a multiple of eight).</summary>
    private static int SplatVector256(PreparedCloud cloud, in SplatFrame f, float[] depth, int[] winners)
    {
        ref float xs = ref MemoryMarshal.GetArrayDataReference(cloud.X);
        ref float ys = ref MemoryMarshal.GetArrayDataReference(cloud.Y);
        ref float zs = ref MemoryMarshal.GetArrayDataReference(cloud.Z);
        ref float radius = ref MemoryMarshal.GetArrayDataReference(cloud.Radius);
        ref float z0 = ref MemoryMarshal.GetArrayDataReference(depth);
        ref int w0 = ref MemoryMarshal.GetArrayDataReference(winners);
        int size = f.Size, count = cloud.Count & ~7;
        Vector256<float> rx = Vector256.Create(f.Rx), ry = Vector256.Create(f.Ry), rz = Vector256.Create(f.Rz);
        Vector256<float> ux = Vector256.Create(f.Ux), uy = Vector256.Create(f.Uy), uz = Vector256.Create(f.Uz);
        Vector256<float> tx = Vector256.Create(f.Tx), ty = Vector256.Create(f.Ty), tz = Vector256.Create(f.Tz);
        Vector256<float> half = Vector256.Create(f.Half), k = Vector256.Create(f.K), focal = Vector256.Create(f.Focal);
        Vector256<float> distance = Vector256.Create(CameraDistance), maxSplat = Vector256.Create(f.MaxSplat);
        Vector256<float> zero = Vector256<float>.Zero, sizeF = Vector256.Create((float)size);
        Vector256<int> last = Vector256.Create(size - 1), none = Vector256.Create(-1);
        Span<int> box = stackalloc int[32];
        Span<float> near = stackalloc float[8];
        for (int i = 0; i < count; i += 8)
        {
            Vector256<float> pxx = Vector256.LoadUnsafe(ref xs, (nuint)i);
            Vector256<float> pyy = Vector256.LoadUnsafe(ref ys, (nuint)i);
            Vector256<float> pzz = Vector256.LoadUnsafe(ref zs, (nuint)i);
            Vector256<float> x = (rx * pxx) + (ry * pyy) + (rz * pzz);
            Vector256<float> y = (ux * pxx) + (uy * pyy) + (uz * pzz);
            Vector256<float> z = (tx * pxx) + (ty * pyy) + (tz * pzz);
            Vector256<float> r = Vector256.LoadUnsafe(ref radius, (nuint)i);
            Vector256<float> px, py, d, hs;
            if (f.Perspective)
            {
                d = distance - z;
                Vector256<float> scale = focal / d;
                px = half + (x * scale);
                py = half - (y * scale);
                hs = r * scale;
            }
            else
            {
                d = -z;
                px = half + (x * k);
                py = half - (y * k);
                hs = r * k;
            }

            // Lanes to skip: a dropped point (negative or NaN size) or a splat wholly left of or above the view.
            Vector256<float> keep = Vector256.GreaterThanOrEqual(hs, zero);
            hs = Vector256.Min(hs, maxSplat);
            Vector256<float> right = px + hs, bottom = py + hs;
            keep &= Vector256.GreaterThanOrEqual(right, zero) & Vector256.GreaterThanOrEqual(bottom, zero);
            if (Vector256.ExtractMostSignificantBits(keep) == 0)
            {
                continue;
            }

            Vector256<int> x0 = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(px - hs, zero), sizeF));
            Vector256<int> y0 = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(py - hs, zero), sizeF));
            Vector256<int> x1 = Vector256.Min(last, Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(right, zero), sizeF)));
            Vector256<int> y1 = Vector256.Min(last, Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(bottom, zero), sizeF)));
            y1 = Vector256.ConditionalSelect(keep.AsInt32(), y1, none);

            // Small-splat fast path: when every kept splat of the block covers at most 2 x 2 pixels (dense clouds, splats under a
            // pixel), each lane does four unconditional z-tests at its box's corners instead of Write's loops, whose exits the
            // varying 1- or 2-pixel sides made unpredictable. A corner repeated (a side of one pixel) repeats the same z-test, which
            // changes nothing the second time, so depth and winners are those of Write. A kept splat beyond the right or bottom
            // edge has an empty box (x1 < x0 or y1 < y0) and no z-test in either; lanes with pixels to test are "drawn".
            Vector256<int> dx = x1 - x0, dy = y1 - y0;
            Vector256<int> drawn = keep.AsInt32() & Vector256.GreaterThanOrEqual(dx, Vector256<int>.Zero) & Vector256.GreaterThanOrEqual(dy, Vector256<int>.Zero);
            Vector256<int> large = Vector256.GreaterThan(dx, Vector256<int>.One) | Vector256.GreaterThan(dy, Vector256<int>.One);
            if (Vector256.ExtractMostSignificantBits(large & drawn) == 0)
            {
                ((y0 * size) + x0).CopyTo(box);
                dx.CopyTo(box[8..]);
                (dy * size).CopyTo(box[16..]);
                d.CopyTo(near);
                uint lanes = Vector256.ExtractMostSignificantBits(drawn);
                for (int lane = 0; lane < 8; lane++)
                {
                    if ((lanes & (1u << lane)) != 0)
                    {
                        int o = box[lane], across = box[8 + lane], down = box[16 + lane];
                        float depthOf = near[lane];
                        WritePixel(ref z0, ref w0, o, i + lane, depthOf);
                        WritePixel(ref z0, ref w0, o + across, i + lane, depthOf);
                        WritePixel(ref z0, ref w0, o + down, i + lane, depthOf);
                        WritePixel(ref z0, ref w0, o + down + across, i + lane, depthOf);
                    }
                }

                continue;
            }

            x0.CopyTo(box);
            y0.CopyTo(box[8..]);
            x1.CopyTo(box[16..]);
            y1.CopyTo(box[24..]);
            d.CopyTo(near);
            for (int lane = 0; lane < 8; lane++)
            {
                Write(ref z0, ref w0, size, i + lane, near[lane], box[lane], box[8 + lane], box[16 + lane], box[24 + lane]);
            }
        }

        return count;
    }

    /// <summary>The z-test of one splat covering the single pixel at <paramref name="offset"/> (row-major).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WritePixel(ref float z0, ref int w0, int offset, int index, float d)
    {
        ref float cell = ref Unsafe.Add(ref z0, offset);
        ref int winner = ref Unsafe.Add(ref w0, offset);
        bool nearer = d < cell;
        winner = nearer ? index : winner;
        cell = nearer ? d : cell;
    }

    /// <summary>The z-test of one splat over the pixels [x0, x1] x [y0, y1] (inclusive, already inside the view; none when y1 &lt; y0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(ref float z0, ref int w0, int size, int index, float d, int x0, int y0, int x1, int y1)
    {
        for (int yy = y0; yy <= y1; yy++)
        {
            int row = yy * size;
            for (int xx = x0; xx <= x1; xx++)
            {
                // Branch-free z-test: the comparison is unpredictable, a conditional move is not.
                ref float cell = ref Unsafe.Add(ref z0, row + xx);
                ref int winner = ref Unsafe.Add(ref w0, row + xx);
                bool nearer = d < cell;
                winner = nearer ? index : winner;
                cell = nearer ? d : cell;
            }
        }
    }
}
