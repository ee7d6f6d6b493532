"""The Teams app package: manifest.json with the bot's app id filled in, plus the two icons, zipped.

    python teams/package.py icons                 # (re)draw color.png (192x192) and outline.png (32x32)
    python teams/package.py build [--out FILE]    # var/leerwijzer-teams.zip (make teams-package)

`build` reads LEERWIJZER_TEAMS_APP_ID (the Azure bot's Microsoft App ID, a GUID) and optionally
LEERWIJZER_TEAMS_TAB_URL (the https address of the demo page or an intranet page with the widget, for the
static tab; default the placeholder in manifest.json). Standard library only.
"""
from __future__ import annotations

import argparse
import json
import re
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path
from urllib.parse import urlsplit

# Run as `python teams/package.py` with any Python: the checkout's settings module sits one folder up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import settings  # noqa: E402 - found through the line above

HERE = Path(__file__).resolve().parent
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
ACCENT = (0x1F, 0x6F, 0x8B)  # the manifest's accentColor #1F6F8B


# --- icons: drawn here, written as PNG with zlib (no imaging library) -----------------------------------
def png(width: int, height: int, pixel) -> bytes:
    """An RGBA PNG; `pixel(x, y)` gives (r, g, b, a)."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def _book(x: float, y: float) -> bool:
    """An open book with a path arrow, on a unit square (0..1): the mark of both icons."""
    # two pages, slightly tilted towards the spine at x = 0.5
    for left in (True, False):
        x0, x1 = (0.14, 0.47) if left else (0.53, 0.86)
        top = 0.30 + (0.05 * (x - x0) / (x1 - x0) if left else 0.05 * (x1 - x) / (x1 - x0))
        if x0 <= x <= x1 and top <= y <= top + 0.44:
            inner = x0 + 0.05 <= x <= x1 - 0.05 and top + 0.06 <= y <= top + 0.38
            line = inner and int((y - top - 0.06) / 0.08) % 2 == 0 and (y - top - 0.06) % 0.08 < 0.03
            return not inner or line
    # an upward arrow above the spine: the learning path
    if abs(x - 0.5) <= 0.035 and 0.10 <= y <= 0.28:
        return True
    return 0.06 <= y <= 0.14 and abs(x - 0.5) <= (y - 0.06) * 1.2


def color_icon() -> bytes:
    size = 192

    def pixel(x, y):
        u, v = (x + 0.5) / size, (y + 0.5) / size
        # the mark in the middle 60 %, white on the accent colour
        inside = 0.2 <= u <= 0.8 and 0.2 <= v <= 0.8 and _book((u - 0.2) / 0.6, (v - 0.2) / 0.6)
        return (255, 255, 255, 255) if inside else (*ACCENT, 255)

    return png(size, size, pixel)


def outline_icon() -> bytes:
    size = 32

    def pixel(x, y):
        hits = sum(_book((x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size) for i in range(4) for j in range(4))
        return (255, 255, 255, round(255 * hits / 16))  # white on transparent, as Teams requires

    return png(size, size, pixel)


def write_icons() -> None:
    (HERE / "color.png").write_bytes(color_icon())
    (HERE / "outline.png").write_bytes(outline_icon())


# --- the package ----------------------------------------------------------------------------------------
def filled_manifest(app_id: str, tab_url: str | None = None) -> dict:
    if not GUID.match(app_id or ""):
        raise ValueError("LEERWIJZER_TEAMS_APP_ID must be the bot's Microsoft App ID (a GUID)")
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    manifest["id"] = app_id  # the app's id: the bot's id is the simplest unique choice
    for bot in manifest.get("bots", []):
        bot["botId"] = app_id
    if tab_url:
        parts = urlsplit(tab_url)
        if parts.scheme != "https" or not parts.hostname:
            raise ValueError("LEERWIJZER_TEAMS_TAB_URL must be an https address")
        for tab in manifest.get("staticTabs", []):  # the widget page, and the counsellors' insights under it
            page = tab_url.rstrip("/") + "/insights" if tab["entityId"] == "leerwijzer-insights" else tab_url
            tab["contentUrl"] = tab["websiteUrl"] = page
        manifest["validDomains"] = [parts.netloc]
    return manifest


def build(out: Path, app_id: str, tab_url: str | None = None) -> Path:
    manifest = filled_manifest(app_id, tab_url)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:  # the three files at the zip's root
        package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        package.write(HERE / "color.png", "color.png")
        package.write(HERE / "outline.png", "outline.png")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The Teams app package")
    parser.add_argument("command", choices=["icons", "build"])
    parser.add_argument("--out", type=Path, default=HERE.parent / "var" / "leerwijzer-teams.zip")
    parser.add_argument("--validate", action="store_true", help="check the filled manifest (node, teams/validate.mjs)")
    args = parser.parse_args(argv)
    if args.command == "icons":
        write_icons()
        return 0
    try:
        path = build(args.out, settings.TEAMS_APP_ID.get(), settings.TEAMS_TAB_URL.get() or None)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.validate:
        with zipfile.ZipFile(path) as package, tempfile.TemporaryDirectory() as folder:
            filled = Path(folder) / "manifest.json"
            filled.write_bytes(package.read("manifest.json"))
            if subprocess.run(["node", str(HERE / "validate.mjs"), str(filled)]).returncode != 0:
                path.unlink()
                print("The filled manifest is not valid; no package written.", file=sys.stderr)
                return 1
    print(f"Teams app package: {path} (upload it in Teams: Apps > Manage your apps > Upload an app)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
