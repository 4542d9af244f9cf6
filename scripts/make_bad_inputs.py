"""Build the bad-input corpus: photos every check must refuse with a named error, plus odd but valid files
that must be converted, into one directory with a manifest.json describing the expectation for each file.

    python scripts/make_bad_inputs.py OUT_DIR [--person-front PHOTO] [--person-side PHOTO]

manifest.json is a list of {"file", "view", "expected_error" (exception class name or null), "needs_vision"
(true for person checks done by tapeless.vision), "pair_with" (the other photo of a duplicate pair),
"upright_size" ([width, height] after EXIF rotation), "description"}. Generated, never committed.
"""

import argparse
import io
import json
import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

WIDTH_PX, HEIGHT_PX = 900, 1200


def make_scene(seed: int = 0) -> np.ndarray:
    """A sharp, well-exposed indoor-like scene: (H, W, 3) uint8 with walls, a floor, furniture and grain."""
    rng = np.random.default_rng(seed)
    ys = np.linspace(0.0, 1.0, HEIGHT_PX)[:, None, None]
    scene = (np.array([150, 140, 125]) * (1.0 - 0.25 * ys) + 0 * np.ones((1, WIDTH_PX, 1))).astype(np.float32)
    scene[int(HEIGHT_PX * 0.75):] = (110, 95, 80)
    for _ in range(25):
        x0, y0 = rng.integers(0, WIDTH_PX - 60), rng.integers(0, HEIGHT_PX - 60)
        w, h = rng.integers(30, 250, size=2)
        colour = tuple(int(c) for c in rng.integers(40, 220, size=3))
        cv2.rectangle(scene, (int(x0), int(y0)), (int(x0 + w), int(y0 + h)), colour, -1)
    scene += rng.normal(0.0, 3.0, scene.shape)
    return np.clip(scene, 0, 255).astype(np.uint8)


def draw_figure(scene: np.ndarray, centre_x_px: int, top_y_px: int, height_px: int, arms_apart: bool = True):
    """Draw a crude standing person (skin-coloured head and limbs, dark clothes) into `scene` in place."""
    unit = height_px / 8.0
    skin, cloth = (200, 160, 130), (40, 50, 90)
    head_c = (centre_x_px, int(top_y_px + 0.5 * unit))
    cv2.ellipse(scene, head_c, (int(0.4 * unit), int(0.5 * unit)), 0, 0, 360, skin, -1)
    torso = np.array([[centre_x_px - unit, top_y_px + 1.2 * unit], [centre_x_px + unit, top_y_px + 1.2 * unit],
                      [centre_x_px + 0.8 * unit, top_y_px + 4.2 * unit],
                      [centre_x_px - 0.8 * unit, top_y_px + 4.2 * unit]], np.int32)
    cv2.fillPoly(scene, [torso], cloth)
    for side in (-1, 1):
        hip = (int(centre_x_px + side * 0.45 * unit), int(top_y_px + 4.1 * unit))
        foot = (int(centre_x_px + side * 0.7 * unit), int(top_y_px + 8 * unit))
        cv2.line(scene, hip, foot, cloth, int(0.5 * unit))
        shoulder = (int(centre_x_px + side * unit), int(top_y_px + 1.4 * unit))
        spread = 2.2 if arms_apart else 1.15
        hand = (int(centre_x_px + side * spread * unit), int(top_y_px + 4.3 * unit))
        cv2.line(scene, shoulder, hand, skin, int(0.3 * unit))
    return scene


def jpeg(rgb: np.ndarray, quality: int = 90, **extra) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "JPEG", quality=quality, **extra)
    return buffer.getvalue()


def encoded(image: Image.Image, fmt: str, **extra) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **extra)
    return buffer.getvalue()


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_bomb(side_px: int = 12_000) -> bytes:
    """A valid greyscale PNG of side_px² black pixels that compresses to a few hundred kilobytes."""
    compressor = zlib.compressobj(9)
    row = bytes(side_px + 1)  # filter byte + pixels
    body = b"".join(compressor.compress(row * 500) for _ in range(side_px // 500)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side_px, side_px, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", body) + png_chunk(b"IEND", b"")


def jpeg_declaring_size(rgb: np.ndarray, width_px: int, height_px: int) -> bytes:
    """A small JPEG whose frame header (SOF0) claims width_px × height_px."""
    data = bytearray(jpeg(rgb))
    sof = data.find(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height_px, width_px)
    return bytes(data)


def with_exif_orientation(rgb: np.ndarray, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "TapelessTestCam"
    return jpeg(rgb, exif=exif.tobytes())


def animated(frames: list[np.ndarray], fmt: str) -> bytes:
    images = [Image.fromarray(frame) for frame in frames]
    extra = {"loop": 0, "duration": 100}
    if fmt == "PNG":
        extra["default_image"] = False
    return encoded(images[0], fmt, save_all=True, append_images=images[1:], **extra)


def build_corpus(out_dir: Path, person_front: np.ndarray | None, person_side: np.ndarray | None) -> list[dict]:
    out_dir.mkdir(parents=True, exist_ok=True)
    scene = make_scene()
    front = person_front if person_front is not None else draw_figure(make_scene(1), WIDTH_PX // 2, 150, 960)
    side = person_side if person_side is not None else draw_figure(make_scene(2), WIDTH_PX // 2, 150, 960, False)
    front_jpeg = jpeg(front)
    small = cv2.resize(scene, (300, 400), interpolation=cv2.INTER_AREA)
    entries: list[dict] = []

    def add(name, data, expected, description, view="front", **extra):
        (out_dir / name).write_bytes(data)
        entries.append({"file": name, "view": view, "expected_error": expected, "needs_vision": False,
                        "description": description, **extra})

    add("zero_bytes.jpg", b"", "ImageUnreadable", "an empty file")
    add("truncated.jpg", front_jpeg[: len(front_jpeg) * 2 // 5], "ImageUnreadable", "a JPEG cut off at 40 %")
    png_bytes = encoded(Image.fromarray(scene), "PNG")
    add("truncated.png", png_bytes[: len(png_bytes) // 2], "ImageUnreadable", "a PNG cut off half-way")
    webp_bytes = encoded(Image.fromarray(scene), "WEBP", quality=80)
    add("truncated.webp", webp_bytes[: len(webp_bytes) // 3], "ImageUnreadable", "a WebP cut off at a third")
    add("corrupted_header.jpg", front_jpeg[:2] + bytes(range(256)) * 8 + front_jpeg[2050:], "ImageUnreadable",
        "a JPEG whose header segments are overwritten")
    add("random_bytes.jpg", np.random.default_rng(3).bytes(200_000), "ImageUnreadable", "noise named .jpg")
    add("text_named.jpg", b"Dear tailor,\nplease find my measurements attached.\n" * 50, "ImageUnreadable",
        "a text file named .jpg")
    add("document.pdf.jpg", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
        "UnsupportedImageType", "a PDF named .jpg")
    add("page.html.png", b"<!DOCTYPE html><html><body><img src=me.jpg></body></html>", "UnsupportedImageType",
        "an HTML page named .png")
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="900" height="1200"></svg>'
    add("drawing.svg", svg, "UnsupportedImageType", "an SVG drawing")
    add("drawing_svg.png", svg, "UnsupportedImageType", "an SVG drawing named .png")
    add("animated.gif", animated([front, scene, front], "GIF"), "UnsupportedImageType", "an animated GIF")
    add("still.gif", encoded(Image.fromarray(front).convert("P"), "GIF"), "UnsupportedImageType", "a still GIF")
    add("bitmap.jpg", encoded(Image.fromarray(small), "BMP"), "UnsupportedImageType", "a BMP named .jpg")
    add("scan.tiff.jpg", encoded(Image.fromarray(front), "TIFF"), "UnsupportedImageType", "a TIFF named .jpg")
    add("archive.zip.jpg", b"PK\x03\x04" + bytes(100), "UnsupportedImageType", "a ZIP archive named .jpg")
    add("photo.avif", encoded(Image.fromarray(front), "AVIF", quality=60), "UnsupportedImageType", "an AVIF")
    add("animated.webp", animated([front, scene], "WEBP"), "UnsupportedImageType", "an animated WebP")
    add("animated.png", animated([front, scene], "PNG"), "UnsupportedImageType", "an animated PNG (APNG)")
    add("bomb.png", png_bomb(), "DecompressionBomb", "a 12,000² PNG of zeros packed into a few hundred kB")
    add("bomb.jpg", jpeg_declaring_size(small, 65_000, 65_000), "DecompressionBomb",
        "a small JPEG whose header claims 65,000² pixels")
    panorama = cv2.resize(scene, (12_000, 1000), interpolation=cv2.INTER_NEAREST)
    add("panorama_too_wide.jpg", jpeg(panorama, 70), "ImageTooLarge", "a 12,000 px wide panorama")
    add("huge_bytes.jpg", front_jpeg + bytes(26 * 2**20), "ImageTooLarge", "a JPEG padded to 26 MB")
    add("tiny.jpg", jpeg(cv2.resize(front, (24, 32), interpolation=cv2.INTER_AREA)), "ImageTooSmall", "24×32 px")
    add("thumbnail.png", encoded(Image.fromarray(cv2.resize(front, (240, 320))), "PNG"), "ImageTooSmall",
        "a 240×320 thumbnail")
    add("one_pixel.png", encoded(Image.new("RGB", (1, 1), (128, 128, 128)), "PNG"), "ImageTooSmall", "1×1 px")
    add("dark.jpg", jpeg((front * 0.12).astype(np.uint8)), "ImageTooDark", "a photo at 12 % exposure",
        view="side")
    add("black.png", encoded(Image.new("RGB", (WIDTH_PX, HEIGHT_PX)), "PNG"), "ImageTooDark", "all black")
    bright = np.clip(front.astype(np.float32) * 3.0 + 60, 0, 255).astype(np.uint8)
    add("overexposed.jpg", jpeg(bright), "ImageTooBright", "a photo at 3× exposure")
    add("white.png", encoded(Image.new("RGB", (WIDTH_PX, HEIGHT_PX), (255, 255, 255)), "PNG"), "ImageTooBright",
        "all white")
    add("blurred.jpg", jpeg(cv2.GaussianBlur(front, (0, 0), 12)), "ImageBlurred", "out of focus (σ = 12 px)")
    kernel = np.zeros((61, 61), np.float32)
    kernel[30, :] = 1.0 / 61
    add("motion_blurred.jpg", jpeg(cv2.filter2D(front, -1, kernel)), "ImageBlurred", "a 61 px camera shake")
    cutout = np.dstack([front, np.where(np.arange(WIDTH_PX)[None, :] < 200, 0, 255).repeat(HEIGHT_PX, 0)])
    add("cutout_transparent.png", encoded(Image.fromarray(cutout.astype(np.uint8), "RGBA"), "PNG"),
        "UnsupportedColourMode", "a cut-out with a transparent background")
    add("bilevel.png", encoded(Image.fromarray(front).convert("1"), "PNG"), "UnsupportedColourMode",
        "black-and-white (1 bit) pixels")
    add("front.jpg", front_jpeg, None, "a good front photo")
    add("same_as_front.jpg", front_jpeg, "DuplicatePhoto", "the front photo uploaded again as the side",
        view="side", pair_with="front.jpg")
    copy = jpeg(cv2.resize(front, (720, 960), interpolation=cv2.INTER_AREA), 70)
    add("reencoded_front.jpg", copy, "DuplicatePhoto", "a resized, re-compressed copy of the front photo",
        view="side", pair_with="front.jpg")

    add("side.jpg", jpeg(side), None, "a good side photo", view="side")
    add("cmyk.jpg", encoded(Image.fromarray(front).convert("CMYK"), "JPEG"), None, "a CMYK JPEG: converted")
    rgb16 = (front.astype(np.uint16) * 257)[:, :, ::-1]
    add("rgb_16bit.png", cv2.imencode(".png", rgb16)[1].tobytes(), None, "a 16-bit RGB PNG: converted")
    grey16 = cv2.cvtColor(front, cv2.COLOR_RGB2GRAY).astype(np.uint16) * 257
    add("grey_16bit.png", cv2.imencode(".png", grey16)[1].tobytes(), None, "a 16-bit greyscale PNG: converted")
    add("palette.png", encoded(Image.fromarray(front).convert("P", palette=Image.Palette.ADAPTIVE), "PNG"), None,
        "a 256-colour palette PNG: converted")
    add("opaque_alpha.png", encoded(Image.fromarray(front).convert("RGBA"), "PNG"), None,
        "RGBA with a fully opaque alpha: converted")
    add("greyscale.jpg", jpeg(cv2.cvtColor(front, cv2.COLOR_RGB2GRAY)), None, "a greyscale JPEG: accepted")
    add("photo.webp", encoded(Image.fromarray(front), "WEBP", quality=85), None, "a WebP photo")
    add("exif_rotated.jpg", with_exif_orientation(np.ascontiguousarray(np.rot90(front, 1)), 6), None,
        "stored sideways with EXIF orientation 6 (rotate 90° clockwise)", upright_size=[WIDTH_PX, HEIGHT_PX])
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
        add("photo.heic", encoded(Image.fromarray(front), "HEIF", quality=80), None, "an iPhone-style HEIC photo")
    except ImportError:
        pass

    def add_vision(name, rgb, expected, description, view="front"):
        add(name, jpeg(rgb), expected, description, view=view)
        entries[-1]["needs_vision"] = True

    add_vision("no_person.jpg", scene, "NoPersonFound", "an empty room")
    two = np.concatenate([front[:, WIDTH_PX // 4: 3 * WIDTH_PX // 4], front[:, WIDTH_PX // 4: 3 * WIDTH_PX // 4]], 1)
    add_vision("two_people.jpg", two, "MultiplePeople", "two people side by side")
    add_vision("feet_cut_off.jpg", cv2.resize(front[: int(HEIGHT_PX * 0.72)], (WIDTH_PX, HEIGHT_PX)),
               "PersonCutOff", "the picture ends at the knees")
    add_vision("head_cut_off.jpg", cv2.resize(front[int(HEIGHT_PX * 0.2):], (WIDTH_PX, HEIGHT_PX)),
               "PersonCutOff", "the picture starts at the chest")
    add_vision("side_in_front_slot.jpg", side, "WrongView", "a side photo uploaded as the front")
    if person_front is None:
        arms_down = draw_figure(make_scene(1), WIDTH_PX // 2, 150, 960, arms_apart=False)
        add_vision("arms_down.jpg", arms_down, "ArmsNotApart", "front view with the arms against the body")
    (out_dir / "manifest.json").write_text(json.dumps(entries, indent=1))
    return entries


def _read_rgb(path: str | None) -> np.ndarray | None:
    return None if path is None else np.asarray(Image.open(path).convert("RGB"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="directory to write the corpus and manifest.json into")
    parser.add_argument("--person-front", help="a real or synthetic front photo to derive person cases from")
    parser.add_argument("--person-side", help="a real or synthetic side photo of the same person")
    args = parser.parse_args(argv)
    entries = build_corpus(args.out_dir, _read_rgb(args.person_front), _read_rgb(args.person_side))
    refused = sum(1 for e in entries if e["expected_error"])
    print(f"{len(entries)} files in {args.out_dir} ({refused} must be refused)")


if __name__ == "__main__":
    main()
