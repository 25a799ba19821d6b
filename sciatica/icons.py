"""The home-screen icons: the app's mark (static/favicon.svg) drawn as PNGs with Pillow.

Run `manage.py draw_icons` after changing the mark; the PNGs are committed under static/icons/."""

from pathlib import Path

from PIL import Image, ImageDraw

ICONS_DIR = Path(__file__).resolve().parent.parent / "static" / "icons"
BLUE = "#0b5cad"
WHITE = "#ffffff"
# The mark in favicon.svg's 32-unit box: two cubic curves (the nerve) and a dot (the head).
CURVES = [((11, 6), (16, 9), (16, 13), (13, 16)), ((13, 16), (10, 19), (10, 23), (16, 26))]
HEAD = (21, 9, 3)
STROKE = 3
# Drawn this many times larger, then shrunk: smooth edges without a vector renderer.
SUPERSAMPLE = 4


def _bezier(points, steps: int = 64) -> list[tuple[float, float]]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    out = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        out.append(
            (
                u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
            )
        )
    return out


def draw(size: int, maskable: bool = False) -> Image.Image:
    """The mark at `size` pixels. A maskable icon fills the square (the phone cuts its own shape)
    and keeps the mark inside the middle 80%, the part every shape keeps."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, big, big), fill=BLUE)
        scale, offset = big * 0.7 / 32, big * 0.15
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 7 / 32, fill=BLUE)
        scale, offset = big / 32, 0

    def at(x: float, y: float) -> tuple[float, float]:
        return (offset + x * scale, offset + y * scale)

    width = STROKE * scale
    for curve in CURVES:
        # A round pen stamped along the curve: round caps and no gaps at the bends.
        for x, y in (at(x, y) for x, y in _bezier(curve, steps=400)):
            pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=WHITE)
    x, y, r = HEAD
    (cx, cy), radius = at(x, y), r * scale
    pen.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write_all(directory: Path = ICONS_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, size, maskable in [
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
    ]:
        path = directory / name
        draw(size, maskable).save(path, optimize=True)
        written.append(path)
    return written
