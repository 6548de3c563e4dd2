#!/usr/bin/env python3
"""Draws build/icon.png (128x128 RGBA), the NuGet package icon: a 3x3 grid of normal patches, one anomalous
patch in orange and a magnifier ring around it. Standard library only; run from the repository root."""
import struct
import zlib

SIZE = 128
SS = 4  # supersampling per axis, for anti-aliased edges

BACKGROUND = (22, 40, 74)
TILE = (196, 210, 228)
ANOMALY = (240, 110, 40)
RING = (255, 255, 255)


def colour_at(x, y):
    """Colour of the point (x, y) in icon pixels, or None outside the rounded square."""
    r = 22.0
    cx = min(max(x, r), SIZE - r)
    cy = min(max(y, r), SIZE - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return None
    # Magnifier: ring centred on the anomalous tile, handle towards the lower right.
    mx, my, outer, inner = 80.0, 80.0, 27.0, 21.0
    d2 = (x - mx) ** 2 + (y - my) ** 2
    if inner * inner <= d2 <= outer * outer:
        return RING
    hx, hy = x - mx, y - my
    along = (hx + hy) / 2 ** 0.5
    across = abs(hx - hy) / 2 ** 0.5
    if outer - 1 <= along <= outer + 18 and across <= 5:
        return RING
    # 3x3 grid of tiles, 28 px each with 8 px gaps, starting at 14 px.
    for row in range(3):
        for col in range(3):
            x0, y0 = 14 + col * 36, 14 + row * 36
            if x0 <= x < x0 + 28 and y0 <= y < y0 + 28:
                return ANOMALY if (row, col) == (2, 2) else TILE
    return BACKGROUND


def pixel(px, py):
    acc = [0, 0, 0, 0]
    for sy in range(SS):
        for sx in range(SS):
            c = colour_at(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
            if c is not None:
                acc[0] += c[0]
                acc[1] += c[1]
                acc[2] += c[2]
                acc[3] += 255
    n = SS * SS
    covered = acc[3] // 255
    if covered == 0:
        return (0, 0, 0, 0)
    return (acc[0] // covered, acc[1] // covered, acc[2] // covered, acc[3] // n)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


rows = b"".join(b"\x00" + bytes(v for px in range(SIZE) for v in pixel(px, py)) for py in range(SIZE))
png = (b"\x89PNG\r\n\x1a\n"
       + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows, 9))
       + chunk(b"IEND", b""))
with open("build/icon.png", "wb") as f:
    f.write(png)
