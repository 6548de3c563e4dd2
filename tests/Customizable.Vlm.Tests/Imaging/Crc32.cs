namespace Customizable.Vlm.Tests.Imaging;

/// <summary>The CRC-32 (IEEE 802.3, reflected 0xEDB88320) that PNG chunks carry; small and slow on purpose.</summary>
internal static class Crc32
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
