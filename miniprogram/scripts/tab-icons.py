"""Draws the tab bar icons (images/tab-*.png, 81×81, grey and union red) with the standard library only.

Run from miniprogram/: `python3 scripts/tab-icons.py`. Shapes are unions of simple pieces, each
pixel 4×4 supersampled for smooth edges. WeChat wants local PNGs of at most 40 KB (these are ~1 KB).
"""
import math
import struct
import zlib

SIZE = 81
SAMPLES = 4
GREY = (138, 138, 138)
RED = (200, 22, 30)


def segment(ax, ay, bx, by, width):
    def inside(x, y):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        return math.hypot(x - ax - t * dx, y - ay - t * dy) <= width / 2
    return inside


def box(x0, y0, x1, y1):
    return lambda x, y: x0 <= x <= x1 and y0 <= y <= y1


def ring(cx, cy, radius, width, upper_only=False):
    def inside(x, y):
        if upper_only and y > cy:
            return False
        return abs(math.hypot(x - cx, y - cy) - radius) <= width / 2
    return inside


def frame(x0, y0, x1, y1, width):
    return lambda x, y: box(x0, y0, x1, y1)(x, y) and not box(x0 + width, y0 + width, x1 - width, y1 - width)(x, y)


ICONS = {
    "home": [segment(10, 40, 40.5, 12, 5.5), segment(40.5, 12, 71, 40, 5.5), frame(20, 36, 61, 70, 5.5),
             box(34, 50, 47, 70)],
    "card": [frame(9, 18, 72, 63, 5.5), box(9, 29, 72, 36), box(17, 47, 37, 52)],
    "mine": [ring(40.5, 23, 12, 5.5), ring(40.5, 70, 27, 5.5, upper_only=True), segment(13.5, 70, 67.5, 70, 5.5)],
}


def png(pixels):
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def draw(pieces, color):
    rows = []
    for py in range(SIZE):
        row = []
        for px in range(SIZE):
            hits = sum(any(piece(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES) for piece in pieces)
                       for sx in range(SAMPLES) for sy in range(SAMPLES))
            row.extend(color + (round(255 * hits / SAMPLES ** 2),))
        rows.append(row)
    return png(rows)


if __name__ == "__main__":
    for name, pieces in ICONS.items():
        for suffix, color in (("", GREY), ("-active", RED)):
            with open(f"images/tab-{name}{suffix}.png", "wb") as out:
                out.write(draw(pieces, color))
